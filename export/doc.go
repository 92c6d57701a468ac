// Package export writes the office's registers as files an office opens in
// Excel: the reception book (sổ tiếp công dân, Mẫu số 03/TCD of Nghị định
// 154/2026/NĐ-CP), one row per visit of a period, and the register of
// petitions (sổ theo dõi đơn), one row per petition received, as CSV or
// XLSX. Every protected identity (cases.Petition.Denouncer) is masked in
// every file, whoever exports it (SPEC §7). It reads the visits through its
// own small Store; the petitions of the register are selected by the caller,
// with the list's filter and the user's scope.
package export
