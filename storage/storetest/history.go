package storetest

import "strings"

// petitionLine receives petition P-1 on 2023-03-01.
const petitionLine = `{"op":"petition","ref":"P-1","received_at":"2023-03-01T08:00:00+07:00","channel":"reception","petitioner":{"name":"Nguyễn Văn An","id_number":"052080001234"},"summary":"Khiếu nại thu hồi đất"}`

// History is a short history whose petitions go through most kinds of
// event, under Decide: two units, a session, P-1 and P-2 received on
// 2023-03-01 and P-3 on 2023-03-02, visits, a classification changed, a
// route, an acceptance, an extension, a suspension, a resolution and its
// implementation recorded later by another system, P-2 archived as a
// duplicate of P-1, P-3 terminated, and a dialogue.
const History = `{"op":"unit","ref":"own","name":"UBND huyện Tuy Phước","kind":"own"}
{"op":"unit","ref":"xa-pn","name":"UBND xã Phước Nghĩa","kind":"lower","parent":"own","remote":true}
{"op":"session","ref":"S-1","kind":"periodic","date":"2023-03-09","presided_by":"Chủ tịch UBND huyện"}
{"op":"petition","ref":"P-1","received_at":"2023-03-01T08:00:00+07:00","channel":"reception","petitioner":{"name":"Nguyễn Văn An","id_number":"052080001234"},"summary":"Khiếu nại thu hồi đất"}
{"op":"petition","ref":"P-2","received_at":"2023-03-01T08:00:00+07:00","channel":"reception","petitioner":{"name":"Nguyễn Văn An","id_number":"052080001234"},"summary":"Khiếu nại thu hồi đất"}
{"op":"petition","ref":"P-3","received_at":"2023-03-02T08:00:00+07:00","channel":"reception","petitioner":{"name":"Nguyễn Văn An","id_number":"052080001234"},"summary":"Khiếu nại thu hồi đất"}
{"op":"visit","ref":"V-1","at":"2023-03-01T08:00:00+07:00","kind":"regular","petition":"P-1","people":6}
{"op":"classify","petition":"P-1","at":"2023-03-02T08:00:00+07:00","type":"denunciation","field":"land","eligible":true,"complex":"complex","instance":1}
{"op":"classify","petition":"P-1","at":"2023-03-03T08:00:00+07:00","type":"complaint","field":"land","eligible":true}
{"op":"route","petition":"P-1","at":"2023-03-04T08:00:00+07:00","to":"lower","unit":"xa-pn","method":"assign"}
{"op":"visit","ref":"V-2","at":"2023-03-09T09:00:00+07:00","kind":"periodic","session":"S-1","petition":"P-1","people":1}
{"op":"accept","petition":"P-1","at":"2023-03-10T08:00:00+07:00"}
{"op":"extend","petition":"P-1","at":"2023-04-10T08:00:00+07:00","days":30}
{"op":"suspend","petition":"P-1","at":"2023-04-11T08:00:00+07:00","reason":"chờ giám định"}
{"op":"resume","petition":"P-1","at":"2023-04-20T08:00:00+07:00"}
{"op":"resolve","petition":"P-1","at":"2023-05-02T08:00:00+07:00","verdict":"partly_correct","decision":"12/QĐ-UBND"}
{"op":"implement","petition":"P-1","at":"2023-05-20T08:00:00+07:00","recorded_at":"2023-05-21T10:00:00+07:00","recorded_by":"old-system"}
{"op":"archive","petition":"P-2","at":"2023-03-05T08:00:00+07:00","reason":"duplicate","duplicate_of":"P-1"}
{"op":"terminate","petition":"P-3","at":"2023-03-06T08:00:00+07:00","reason":"withdrawn"}
{"op":"dialogue","petition":"P-3","at":"2023-03-06T09:00:00+07:00","on":"2023-03-20"}
`

// scheduleHistory is the history of the schedule's test, under
// scheduleDecide.
const scheduleHistory = `{"op":"unit","ref":"own","name":"UBND huyện Tuy Phước","kind":"own"}
{"op":"unit","ref":"xa","name":"UBND xã Phước Lộc","kind":"lower","parent":"own","remote":true}
{"op":"session","ref":"K-2212","kind":"periodic","date":"2022-12-09","presided_by":"Chủ tịch"}
{"op":"session","ref":"K-0109","kind":"periodic","date":"2023-01-09","presided_by":"Chủ tịch","location":"Trụ sở tiếp công dân"}
{"op":"session","ref":"K-0315","kind":"adhoc","date":"2023-03-15","presided_by":"Phó Chủ tịch","delegated":true}
{"op":"petition","ref":"P-1","received_at":"2022-12-01T08:00:00+07:00","channel":"reception","petitioner":{"name":"Nguyễn Văn An"},"summary":"Khiếu nại thu hồi đất"}
{"op":"petition","ref":"P-2","received_at":"2022-12-05T08:00:00+07:00","channel":"mail","petitioner":{"name":"Nguyễn Văn An"},"summary":"Khiếu nại thu hồi đất (lần 2)"}
{"op":"petition","ref":"P-3","received_at":"2023-01-05T08:00:00+07:00","channel":"mail","petitioner":{"name":"Nguyễn Văn An"},"summary":"Khiếu nại thu hồi đất (lần 3)"}
{"op":"petition","ref":"P-4","received_at":"2023-01-05T08:00:00+07:00","channel":"reception","petitioner":{"name":"Võ Thị Tố"},"summary":"Tố cáo cán bộ địa chính"}
{"op":"petition","ref":"P-5","received_at":"2022-11-05T08:00:00+07:00","channel":"reception","petitioner":{"name":"Lê Văn Cũ"},"summary":"Kiến nghị đường giao thông"}
{"op":"archive","petition":"P-2","at":"2022-12-06T08:00:00+07:00","reason":"duplicate","duplicate_of":"P-1"}
{"op":"archive","petition":"P-3","at":"2023-01-06T08:00:00+07:00","reason":"duplicate","duplicate_of":"P-2"}
{"op":"accept","petition":"P-4","at":"2023-01-10T08:00:00+07:00"}
{"op":"visit","ref":"V-0","at":"2022-12-09T08:00:00+07:00","kind":"periodic","session":"K-2212","petition":"P-1","people":1}
{"op":"visit","ref":"V-1","at":"2023-01-09T08:00:00+07:00","kind":"periodic","session":"K-0109","petition":"P-3","people":3,"citizen":{"name":"Nguyễn Văn An"}}
{"op":"visit","ref":"V-2","at":"2023-01-09T09:00:00+07:00","kind":"periodic","session":"K-0109","petition":"P-4","people":1,"citizen":{"name":"Võ Thị Tố"},"follow_up_on":"2023-01-24"}
{"op":"visit","ref":"V-3","at":"2023-01-09T10:00:00+07:00","kind":"regular","petition":"P-1","people":1}
{"op":"visit","ref":"V-4","at":"2022-11-09T10:00:00+07:00","kind":"regular","petition":"P-5","people":1,"follow_up_on":"2023-02-15"}
{"op":"visit","ref":"V-5","at":"2022-10-01T11:00:00+07:00","kind":"regular","petition":"P-5","people":1,"follow_up_on":"2022-10-15"}
{"op":"visit","ref":"V-6","at":"2023-03-15T14:00:00+07:00","kind":"adhoc","session":"K-0315","petition":"P-5","people":7}
{"op":"dialogue","petition":"P-1","at":"2023-01-10T08:00:00+07:00","on":"2023-02-20","place":"Phòng họp số 2"}
{"op":"dialogue","petition":"P-1","at":"2022-10-10T08:00:00+07:00","on":"2022-10-20"}
`

// lines splits a history into its lines.
func lines(history string) []string {
	return strings.Split(strings.TrimSpace(history), "\n")
}
