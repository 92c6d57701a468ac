// Package demo generates a realistic, deterministic history of one People's
// Committee — its units, reception sessions, petitions, visits and every
// workflow event — as NDJSON commands that `tiepdan import` reads (SPEC §5).
//
// By default the installation is today's office as it went (office.go):
// "UBND huyện Tuy Phước", the district of the seed report, with seven
// departments and thirteen commune-level committees (three of them remote),
// until 30/06/2025; then "UBND xã Tuy Phước" in Gia Lai, the commune formed
// from the merger, with three offices and no lower committee. Options.Level
// province writes a province with its sở: Bình Định with its districts,
// then Gia Lai with Options.Communes communes, each a committee of the
// installation with its own desk, plan, sessions and petitions, matters
// sent down to them and up from them (committees.go); district the
// district alone. The people are invented. Periodic sessions are held on the
// days of the history's reception plan (ReceptionPlan: the district's 9th
// and 24th, the commune's Thursdays), moved off days off by the product's
// calendar (workflow.DefaultCalendar), and about one ad hoc session a month.
//
// Proportions, whatever the number of petitions: channels reception 32%, mail
// 33%, online 20%, transferred in 15%; types complaint 20%, denunciation 10%,
// recommendation 32%, reflection 38%; about 5% duplicates (some in chains of
// two), 2.5% of mail and online petitions anonymous, 7% not eligible, 6%
// classified twice with a change of type; routes mostly to the communes, then
// to departments, other agencies and judicial bodies; complaints and
// denunciations accepted (85%), rejected or withdrawn, with dialogues,
// extensions, suspensions, verdicts (20% resolved late) and implementation.
// A third of the citizens who came in person come back, some after the
// verdict; 5% of them come as a group of 5 to 30.
//
// Generate streams: petitions are created in date order and each one's
// planned events wait in a priority queue keyed by time, so the output is
// globally ordered by `at` and memory is bounded by the petitions in flight,
// not by the total, so a history of any length can be generated. The same
// Options always produce the same bytes: no clock is read and every random
// choice comes from a small generator seeded from Options.Seed and the
// petition's index.
package demo
