package web

import (
	"context"
	"fmt"

	"seedbed"
)

// The access rows of the award-life routes: to-do counts, reporting schedules, extensions and
// variations, and the inbox.
func init() {
	moduleMatrix = append(moduleMatrix, func(e *testEnv) []accessCase {
		f := newProgramFixture(e.t, e)
		ctx := context.Background()
		own := need(e.srv.Programs.GetAward(ctx, f.ownAward))
		other := need(e.srv.Programs.GetAward(ctx, f.otherAward))
		change := need(e.srv.Programs.RequestChange(ctx, actorOf(e.t, e, "officer"), f.ownAward, seedbed.AwardChangeInput{
			Kind: seedbed.ChangeVariation, TrancheID: own.Tranches[1].ID, NewText: "样机通过内部测试", Reason: "第三方检测机构排期已满"}))
		id := func(x int64) string { return fmt.Sprint(x) }
		ownAw, otherAw := "/awards/"+id(f.ownAward), "/awards/"+id(f.otherAward)
		ownRep, otherRep := "/reports/"+id(own.Reports[0].ID), "/reports/"+id(other.Reports[0].ID)
		return []accessCase{
			{"GET", "/api/v1/awards/todo", "/api/v1/awards/todo", "aorpu"},
			{"POST", "/awards/{id}/reports", ownAw + "/reports", "ao"},
			{"POST", "/reports/{id}/submit", ownRep + "/submit", "p"},
			{"POST", "/reports/{id}/submit", otherRep + "/submit", ""},
			{"POST", "/reports/{id}/review", ownRep + "/review", "ao"},
			{"POST", "/awards/{id}/changes", ownAw + "/changes", "aop"},
			{"POST", "/awards/{id}/changes", otherAw + "/changes", "ao"},
			{"POST", "/changes/{id}/decide", "/changes/" + id(change.ID) + "/decide", "ao"},
			{"POST", "/api/v1/awards/{id}/reports", "/api/v1" + ownAw + "/reports", "ao"},
			{"POST", "/api/v1/reports/{id}/submit", "/api/v1" + ownRep + "/submit", "p"},
			{"POST", "/api/v1/reports/{id}/submit", "/api/v1" + otherRep + "/submit", ""},
			{"POST", "/api/v1/reports/{id}/review", "/api/v1" + ownRep + "/review", "ao"},
			{"POST", "/api/v1/awards/{id}/changes", "/api/v1" + ownAw + "/changes", "aop"},
			{"POST", "/api/v1/awards/{id}/changes", "/api/v1" + otherAw + "/changes", "ao"},
			{"POST", "/api/v1/changes/{id}/decide", "/api/v1/changes/" + id(change.ID) + "/decide", "ao"},
			{"POST", "/awards/{id}/closeout", ownAw + "/closeout", "ao"},
			{"POST", "/awards/{id}/terminate", ownAw + "/terminate", "ao"},
			{"POST", "/api/v1/awards/{id}/closeout", "/api/v1" + ownAw + "/closeout", "ao"},
			{"POST", "/api/v1/awards/{id}/terminate", "/api/v1" + ownAw + "/terminate", "ao"},
			{"GET", "/applications/{id}/letter", "/applications/" + id(own.ApplicationID) + "/letter", "aopu"},
			{"GET", "/applications/{id}/letter", "/applications/" + id(other.ApplicationID) + "/letter", "aou"},
			{"GET", "/api/v1/applications/{id}/letter", "/api/v1/applications/" + id(own.ApplicationID) + "/letter", "aopu"},
			{"GET", "/inbox", "/inbox", "aorpul"},
			{"POST", "/inbox/{id}/read", "/inbox/1/read", "aorpul"},
			{"POST", "/inbox/read", "/inbox/read", "aorpul"},
			{"POST", "/inbox/email", "/inbox/email", "aorpul"},
			{"GET", "/api/v1/inbox", "/api/v1/inbox", "aorpul"},
			{"POST", "/api/v1/inbox/{id}/read", "/api/v1/inbox/1/read", "aorpul"},
			{"POST", "/api/v1/inbox/read", "/api/v1/inbox/read", "aorpul"},
			{"PUT", "/api/v1/inbox/email", "/api/v1/inbox/email", "aorpul"},
		}
	})
}
