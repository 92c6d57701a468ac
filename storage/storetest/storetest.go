package storetest

import (
	"context"
	"database/sql"
	"testing"
	"time"

	"github.com/tiepdan/tiepdan/cases"
	"github.com/tiepdan/tiepdan/storage"
	"github.com/tiepdan/tiepdan/web"
)

// Store is a backend as the program uses it: what web reads and writes,
// the accounts, and what cmd calls beside them (the import's batches,
// verify, the days' summaries, the tokens).
type Store interface {
	web.Store
	web.Accounts
	// Batch runs fn in one write transaction: an import's batch.
	Batch(ctx context.Context, fn func(*storage.Tx) error) error
	// Verify checks the chain and compares every projection with a replay.
	Verify(ctx context.Context) (*storage.Verification, error)
	// SummarizeDays writes the summary of every stale day and says how many.
	SummarizeDays(ctx context.Context) (int, error)
	SetPassword(ctx context.Context, name, hash string) error
	AddToken(ctx context.Context, user, digest, note string, now time.Time) (int64, error)
	RevokeToken(ctx context.Context, id int64, now time.Time) error
	RevokeTokens(ctx context.Context, user string, now time.Time) (int, error)
	Tokens(ctx context.Context, user string) ([]storage.Token, error)
	// Commands calls fn with every recorded command in order, its
	// identities opened.
	Commands(ctx context.Context, fn func(c cases.Command, recordedAt time.Time, recordedBy string) error) error
}

// Opener opens an empty store that asks decide about every command, and a
// connection to the same database that goes behind the store's back: the
// suite tries through it what the database itself must refuse, and alters
// a projection as someone holding the database could. The test's cleanup
// closes both.
type Opener func(t *testing.T, decide cases.Decider) (Store, *sql.DB)

// Run runs every test of the suite on stores that open gives, each test on
// a store of its own.
func Run(t *testing.T, open Opener) {
	for _, test := range []struct {
		name string
		run  func(*testing.T, Opener)
	}{
		{"RepeatAnswersAsTheFirstTime", testRepeat},
		{"SameRefOtherContentIsAConflict", testConflict},
		{"RefusalsWriteNothing", testRefusals},
		{"ARolledBackBatchLeavesNothing", testRollback},
		{"EventsAreAppendOnly", testAppendOnly},
		{"TheChainAndTheProjectionsVerify", testVerify},
		{"VerifyFindsAnAlteredProjection", testAlteredProjection},
		{"HistoryOfAPetition", testHistory},
		{"PetitionPage", testPetitionPage},
		{"PetitionsOfSeveralStates", testPetitionsOfSeveralStates},
		{"ReportStoreSnapshotAndFork", testReportStoreFork},
		{"TheDuplicatedTimelineNamesItsDuplicate", testDuplicatedTimeline},
		{"AWriteMakesItsDayStale", testStaleDays},
		{"FiguresTheSameBeforeAndAfterSummaries", testSummariesKeepFigures},
		{"DaysAndCrossingsByCommittee", testCommitteeDays},
		{"UsersAndTokens", testUsersAndTokens},
		{"LoginsEndWithTheirAccount", testLogins},
		{"AccountsVersionCountsEveryChange", testAccountsVersion},
		{"ACommandChecksTheAccountsVersion", testCommandChecksAccounts},
		{"AccessLogIsAppendOnly", testAccessLog},
		{"CalendarEditsAreAppendOnly", testCalendarEdits},
		{"ReceptionPlansRefuseAStaleVersion", testReceptionPlans},
		{"UnitsInForceComeFirst", testUnits},
		{"UnitsEndByDate", testUnitEnds},
		{"ScheduleRecords", testScheduleRecords},
		{"NumbersUnderSixteenWriters", testNumbersConcurrent},
		{"NumbersByYearOfReceipt", testNumbersByYear},
		{"NumbersCarried", testNumbersCarried},
		{"NumbersCopiedWithTheHistory", testNumbersCopied},
	} {
		t.Run(test.name, func(t *testing.T) { test.run(t, open) })
	}
}

// Decide is the decider of most of the suite: it allows everything it is
// asked of a petition that exists and names a fixed state per op. What the
// suite tests is how a store records, not the workflow, which has its own
// tests.
func Decide(_ context.Context, c *cases.Command, p *cases.Petition, _ cases.Lookup) (cases.State, error) {
	switch c.Op {
	case cases.OpPetition:
		return cases.Received, nil
	case cases.OpClassify:
		return cases.Classified, nil
	case cases.OpRoute:
		return cases.RoutedOwn, nil
	case cases.OpUnit, cases.OpUnitUntil, cases.OpSession, cases.OpVisit, cases.OpDialogue:
		if c.Petition != "" && p == nil {
			return "", cases.Errorf(cases.ENotFound, "petition %s not found", c.Petition)
		}
		return "", nil
	}
	if p == nil {
		return "", cases.Errorf(cases.ENotFound, "petition %s not found", c.Petition)
	}
	return p.State, nil
}

// Now is the instant the suite's commands are received at, after every
// event of its histories.
var Now = time.Date(2026, 11, 25, 9, 0, 0, 0, cases.Zone)

// env is one test's store.
type env struct {
	t   *testing.T
	ctx context.Context
	s   Store
	raw *sql.DB
}

func newEnv(t *testing.T, open Opener, decide cases.Decider) *env {
	t.Helper()
	s, raw := open(t, decide)
	return &env{t: t, ctx: context.Background(), s: s, raw: raw}
}

// command decodes one line of the history's JSON.
func command(t *testing.T, line string) cases.Command {
	t.Helper()
	c, err := cases.DecodeCommand([]byte(line))
	if err != nil {
		t.Fatalf("%s: %v", line, err)
	}
	return c
}

// try records line as received at Now from "tester".
func (e *env) try(line string) (cases.Result, error) {
	e.t.Helper()
	return e.s.Exec(e.ctx, command(e.t, line), cases.Meta{Now: Now, User: "tester"})
}

// exec records line and fails the test if it is refused.
func (e *env) exec(line string) cases.Result {
	e.t.Helper()
	res, err := e.try(line)
	if err != nil {
		e.t.Fatalf("%s: %v", line, err)
	}
	return res
}

// record records every line of history.
func (e *env) record(history string) {
	e.t.Helper()
	for _, line := range lines(history) {
		e.exec(line)
	}
}

// lastSeq is the number of the last event recorded.
func (e *env) lastSeq() int64 {
	e.t.Helper()
	seq, err := e.s.LastSeq(e.ctx)
	if err != nil {
		e.t.Fatal(err)
	}
	return seq
}

// verify fails the test unless Verify finds nothing.
func (e *env) verify() *storage.Verification {
	e.t.Helper()
	ver, err := e.s.Verify(e.ctx)
	if err != nil || !ver.OK() {
		e.t.Fatalf("verify: %+v, %v", ver, err)
	}
	return ver
}
