package app

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"seedbed"
	"seedbed/policy"
)

// TestConsultation follows a draft policy from its comment period to the published version:
// the refusals of bad periods and bad, late or repeated comments (nothing written), the
// answers, and the conclusion that names the final version.
func TestConsultation(t *testing.T) {
	forEachApp(t, func(t *testing.T, a *App) {
		ctx := context.Background()
		now := time.Date(2025, 12, 1, 2, 0, 0, 0, time.UTC) // Monday 10:00 in China
		a.Store().Now = func() time.Time { return now }
		v1, v2 := publishedAndDraft(t, a)
		ks := a.Consultations

		_, err := ks.OpenConsultation(ctx, officer, v1.PolicyID, v1.Version, seedbed.NoticePeriod{})
		wantCode(t, err, seedbed.ECONFLICT, "only a draft")
		_, err = ks.OpenConsultation(ctx, officer, v1.PolicyID, 9, seedbed.NoticePeriod{})
		wantCode(t, err, seedbed.EINVALID, "has no version 9")
		_, err = ks.OpenConsultation(ctx, officer, v2.PolicyID, v2.Version, seedbed.NoticePeriod{StartOn: "2025-12-03", EndOn: "2025-12-02"})
		wantCode(t, err, seedbed.EINVALID, "ends before it starts")
		k, err := ks.OpenConsultation(ctx, officer, v2.PolicyID, v2.Version, seedbed.NoticePeriod{Note: "欢迎提出修改意见"})
		must(t, err)
		if k.StartOn != "2025-12-01" || k.EndOn != "2025-12-05" || k.Title.Zh == "" {
			t.Fatalf("consultation: %+v", k)
		}
		_, err = ks.OpenConsultation(ctx, officer, v2.PolicyID, v2.Version, seedbed.NoticePeriod{})
		wantCode(t, err, seedbed.ECONFLICT, "not concluded")

		for _, b := range []struct {
			in   seedbed.CommentInput
			want string
		}{
			{seedbed.CommentInput{}, "write what you have to say"},
			{seedbed.CommentInput{Text: strings.Repeat("意", 2001)}, "too long"},
			{seedbed.CommentInput{Text: "请回复 a@b.cn"}, "leave phone numbers"},
			{seedbed.CommentInput{Text: "好", ApplicationID: 3}, "concerns no application"},
		} {
			_, err := ks.Comment(ctx, "10.1.1.1", k.ID, b.in)
			wantCode(t, err, seedbed.EINVALID, b.want)
		}
		c1, err := ks.Comment(ctx, "10.1.1.1", k.ID, seedbed.CommentInput{Text: "建议把成立年限放宽到八年。"})
		must(t, err)
		c2, err := ks.Comment(ctx, "10.1.1.2", k.ID, seedbed.CommentInput{Text: "个人也应当可以申请。", Contact: "张先生 13511112222"})
		must(t, err)
		_, err = ks.Comment(ctx, "10.1.1.3", k.ID, seedbed.CommentInput{Text: "个人也应当可以申请。"})
		wantCode(t, err, seedbed.EINVALID, "already received")

		_, err = ks.ConcludeConsultation(ctx, officer, k.ID, 0, "采纳")
		wantCode(t, err, seedbed.ECONFLICT, "until 2025-12-05")
		now = time.Date(2025, 12, 6, 2, 0, 0, 0, time.UTC)
		_, err = ks.Comment(ctx, "10.1.1.4", k.ID, seedbed.CommentInput{Text: "迟到的意见"})
		wantCode(t, err, seedbed.ECONFLICT, "from 2025-12-01 to 2025-12-05 only")
		_, err = ks.ConcludeConsultation(ctx, officer, k.ID, 0, "采纳")
		wantCode(t, err, seedbed.ECONFLICT, "2 comments are not answered")
		_, err = ks.AnswerComment(ctx, officer, k.ID, c1.ID, "部分采纳：成立年限放宽到五年。")
		must(t, err)
		_, err = ks.AnswerComment(ctx, officer, k.ID, c2.ID, "采纳：个人可以申请，额度另定。")
		must(t, err)
		_, err = ks.AnswerComment(ctx, officer, k.ID, c2.ID, "再答")
		wantCode(t, err, seedbed.ECONFLICT, "already answered")

		_, err = ks.ConcludeConsultation(ctx, officer, k.ID, v1.Version, "采纳两条意见")
		wantCode(t, err, seedbed.EINVALID, "version 1 is not")
		_, err = ks.ConcludeConsultation(ctx, officer, k.ID, v2.Version, "采纳两条意见")
		wantCode(t, err, seedbed.EINVALID, "version 2 is not") // not published yet
		_, err = a.Policies.Publish(ctx, testActor, v2.PolicyID, v2.Version)
		must(t, err)
		size := ledgerSize(t, a)
		done, err := ks.ConcludeConsultation(ctx, officer, k.ID, v2.Version, "采纳两条意见，修改后的第 2 版已发布。")
		must(t, err)
		if done.FinalVersion != 2 || done.ConcludedAt == nil || ledgerSize(t, a) != size+1 {
			t.Fatalf("concluded: %+v", done)
		}
		pub, err := ks.PublishedComments(ctx, k.ID)
		must(t, err)
		if len(pub) != 2 || pub[1].Contact != "" || pub[1].Text != "个人也应当可以申请。" || pub[1].Answer == "" || pub[1].AnsweredBy != "" {
			t.Fatalf("published comments: %+v", pub)
		}
		if refusals(t, a, "comment.submit") != 6 {
			t.Errorf("%d refused comments audited, want 6", refusals(t, a, "comment.submit"))
		}
	})
}

// TestCommentsAtOnce sends comments at the same moment: eight from one address (the throttle
// lets five through in ten minutes) and six of the same text from six addresses (one is kept).
// Each check reads what was sent before, so without a lock both were passed by several at once
// on PostgreSQL.
func TestCommentsAtOnce(t *testing.T) {
	forEachApp(t, func(t *testing.T, a *App) {
		ctx := context.Background()
		_, v2 := publishedAndDraft(t, a)
		k, err := a.Consultations.OpenConsultation(ctx, officer, v2.PolicyID, v2.Version, seedbed.NoticePeriod{})
		must(t, err)
		count := func(errs []error, refusal string) int {
			kept := 0
			for _, err := range errs {
				switch {
				case err == nil:
					kept++
				case seedbed.ErrorCode(err) != refusal:
					t.Errorf("a refused comment: %v, want %s", err, refusal)
				}
			}
			return kept
		}
		errs := atOnce(8, func(i int) error {
			_, err := a.Consultations.Comment(ctx, "10.2.2.2", k.ID, seedbed.CommentInput{Text: fmt.Sprintf("第 %d 条意见：建议放宽成立年限。", i+1)})
			return err
		})
		if kept := count(errs, seedbed.ETOOMANY); kept != commentMaxPerWindow {
			t.Errorf("%d of 8 comments from one address kept at once, want %d", kept, commentMaxPerWindow)
		}
		errs = atOnce(6, func(i int) error {
			_, err := a.Consultations.Comment(ctx, fmt.Sprintf("10.3.3.%d", i+1), k.ID, seedbed.CommentInput{Text: "个人也应当可以申请。"})
			return err
		})
		if kept := count(errs, seedbed.EINVALID); kept != 1 {
			t.Errorf("the same text kept %d times when sent six times at once, want once", kept)
		}
		all, err := a.Consultations.Comments(ctx, k.ID)
		must(t, err)
		if len(all) != commentMaxPerWindow+1 {
			t.Errorf("%d comments stored, want %d", len(all), commentMaxPerWindow+1)
		}
	})
}

// publishedAndDraft uploads the starter policy's first version and publishes it, then uploads
// its second as a draft.
func publishedAndDraft(t *testing.T, a *App) (v1, v2 *policy.Version) {
	t.Helper()
	ctx := context.Background()
	v1, err := a.Policies.Upload(ctx, testActor, "grassroots-seed-v1.yaml", starterFile(t, "grassroots-seed-v1.yaml"))
	must(t, err)
	_, err = a.Policies.Publish(ctx, testActor, v1.PolicyID, v1.Version)
	must(t, err)
	v2, err = a.Policies.Upload(ctx, testActor, "grassroots-seed-v2.yaml", starterFile(t, "grassroots-seed-v2.yaml"))
	must(t, err)
	return v1, v2
}
