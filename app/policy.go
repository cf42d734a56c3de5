package app

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"path"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"seedbed"
	"seedbed/policy"
	"seedbed/sqlstore"
)

// Policies publishes policy versions and checks eligibility against the policies in force.
type Policies struct {
	store     *sqlstore.Store
	approvals *Approvals

	// The compiled library: every published version, compiled once, so that an evaluation costs
	// CEL programs only, never parsing. It is valid for the library version libVersion.
	//
	// Invalidation rule: any change to the set of published versions (publishing a version;
	// withdrawing one, when that exists) moves the store's library version on inside the same
	// transaction (Tx.LockPolicyLibrary), from whichever process makes it. Library compares the
	// stored version with libVersion on every call and recompiles when they differ; Publish also
	// drops the cache itself. A rebuilt library replaces the old one, so a caller holding the old
	// one keeps a consistent snapshot. Drafts never touch it.
	mu         sync.Mutex
	lib        *policy.Library
	libVersion int64
}

// Library returns every published policy version, compiled: the library that answers "which
// policies apply" and "as of" questions. It is recompiled only after a publication.
func (p *Policies) Library(ctx context.Context) (*policy.Library, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	v, err := p.store.PolicyLibraryVersion(ctx)
	if err != nil {
		return nil, err
	}
	if p.lib != nil && v == p.libVersion {
		return p.lib, nil
	}
	lib := policy.NewLibrary()
	v, err = p.store.EachPublishedPolicy(ctx, func(file, src string) error { return addCompiled(lib, file, src) })
	if err != nil {
		return nil, err
	}
	p.lib, p.libVersion = lib, v
	return lib, nil
}

// invalidate drops the compiled library; the next Library call recompiles it.
func (p *Policies) invalidate() {
	p.mu.Lock()
	p.lib = nil
	p.mu.Unlock()
}

// Versions lists policy versions without their source, by policy id and effective date.
func (p *Policies) Versions(ctx context.Context, f policy.VersionFilter) ([]policy.Version, error) {
	return p.store.PolicyVersions(ctx, f)
}

// Version returns one version with its source, or ENOTFOUND.
func (p *Policies) Version(ctx context.Context, id string, version int) (*policy.Version, error) {
	return p.store.GetPolicyVersion(ctx, id, version)
}

// Compile returns the compiled form of a version read with its source (Version): a published
// one from the library, a draft checked from its stored source.
func (p *Policies) Compile(ctx context.Context, pv *policy.Version) (*policy.Compiled, error) {
	if pv.Status == policy.VersionPublished {
		lib, err := p.Library(ctx)
		if err != nil {
			return nil, err
		}
		if c := lib.Version(pv.PolicyID, pv.Version); c != nil {
			return c, nil
		}
	}
	c, err := policy.Check(pv.File, []byte(pv.Source))
	if err != nil {
		// It passed the same check when it was uploaded.
		return nil, fmt.Errorf("policy %s v%d no longer compiles: %w", pv.PolicyID, pv.Version, err)
	}
	return c, nil
}

// Document returns the document of a listed version (read without its source): a published
// one from the library, a draft parsed from its stored source.
func (p *Policies) Document(ctx context.Context, pv policy.Version) (*policy.Document, error) {
	if pv.Status == policy.VersionPublished {
		lib, err := p.Library(ctx)
		if err != nil {
			return nil, err
		}
		if c := lib.Version(pv.PolicyID, pv.Version); c != nil {
			return c.Document(), nil
		}
	}
	full, err := p.store.GetPolicyVersion(ctx, pv.PolicyID, pv.Version)
	if err != nil {
		return nil, err
	}
	return policy.Parse(full.File, []byte(full.Source))
}

// Upload checks a policy file — syntax, types, costs, its embedded tests, and clashes with the
// published versions of the same policy — and stores it as a draft. A draft of the same id and
// version is replaced; a published one never is. Problems come back as seedbed.Errors with the
// file as the field and the line and column of each, and nothing is stored.
//
// An upload without a file name (pasted text) is checked as policy.yaml and stored as
// <id>-v<version>.yaml.
func (p *Policies) Upload(ctx context.Context, a seedbed.Actor, file string, src []byte) (*policy.Version, error) {
	named := strings.TrimSpace(file) != ""
	file = policyFileName(file)
	if err := checkPolicySource(file, src); err != nil {
		return nil, err
	}
	c, err := policy.Load(file, src)
	if err != nil {
		return nil, policyError(err)
	}
	doc := c.Document()
	if doc.ID == reservedPolicyID {
		return nil, &seedbed.Error{Code: seedbed.EINVALID, Field: file, Line: keyLine(src, "id"), Column: 1,
			Text: seedbed.Label{Zh: "政策编号 new 已保留，请换一个", En: "the policy id new is reserved; choose another"}}
	}
	if !named {
		file = fmt.Sprintf("%s-v%d.yaml", doc.ID, doc.Version)
	}
	pv := &policy.Version{PolicyID: doc.ID, Version: doc.Version, File: file, Title: doc.Title, Segment: doc.Segment,
		EffectiveFrom: doc.EffectiveFrom.String(), EffectiveTo: doc.EffectiveTo.String(),
		SHA256: sourceDigest(src), Source: string(src)}
	err = p.store.InTx(ctx, func(tx *sqlstore.Tx) error {
		lib, err := publishedVersions(ctx, tx, doc.ID)
		if err != nil {
			return err
		}
		if err := lib.Conflicts(c); err != nil {
			return policyError(err)
		}
		if err := checkSuccession(tx, lib, c); err != nil {
			return err
		}
		return tx.SavePolicyDraft(ctx, a, pv)
	})
	if err != nil {
		return nil, err
	}
	return pv, nil
}

// Publish makes a draft part of the library. Inside one transaction it runs the checks and
// tests again on the stored source, checks the effective dates against every published version
// of the policy, marks the version published and records a policy.published decision event. A
// published version is never changed afterwards. Under the two-person rule on policies the
// publication is proposed (*seedbed.Proposed), checked the same way, and takes effect when a
// second account approves it.
func (p *Policies) Publish(ctx context.Context, a seedbed.Actor, id string, version int) (*policy.Version, error) {
	if p.approvals.Applies(seedbed.TwoPersonPolicy, a) {
		ap := &seedbed.Approval{Rule: seedbed.TwoPersonPolicy, Subject: policySubject(id),
			Link: fmt.Sprintf("/policies/%s/versions/%d", id, version)}
		return nil, p.approvals.propose(ctx, a, ap, policyProposal{PolicyID: id, Version: version}, func(tx *sqlstore.Tx) error {
			pv, _, err := publishable(ctx, tx, id, version)
			if err != nil {
				return err
			}
			ap.Summary = seedbed.Label{Zh: fmt.Sprintf("发布政策《%s》第 %d 版（%s 起施行）", pv.Title, version, pv.EffectiveFrom),
				En: fmt.Sprintf("publish version %d of policy %s (in force from %s)", version, id, pv.EffectiveFrom)}
			return nil
		})
	}
	var pv *policy.Version
	err := p.store.InTx(ctx, func(tx *sqlstore.Tx) error {
		var err error
		pv, err = publishPolicy(ctx, tx, a, id, version)
		return err
	})
	if err != nil {
		return nil, err
	}
	p.invalidate()
	return pv, nil
}

// policySubject names a policy in the approvals of its publication: one proposal at a time
// per policy, whichever version it publishes.
func policySubject(id string) string { return "policy:" + id }

// PublishGate tells what publishing a draft of policy id would do for a, by the rule Publish
// runs: under the two-person rule, a proposal of the policy's publication still waiting
// refuses another (whichever version it publishes), and only a second account with the right
// role may approve it.
func (p *Policies) PublishGate(ctx context.Context, a seedbed.Actor, id string) (seedbed.ProposalGate, error) {
	return p.approvals.Gate(ctx, a, seedbed.TwoPersonPolicy, policySubject(id))
}

// policyProposal is what an approval of a policy's publication carries.
type policyProposal struct {
	PolicyID string `json:"policy_id"`
	Version  int    `json:"version"`
}

func (p *Policies) approvePublish(ctx context.Context, tx *sqlstore.Tx, a seedbed.Actor, ap *seedbed.Approval) error {
	var pr policyProposal
	if err := payloadOf(ap, &pr); err != nil {
		return err
	}
	_, err := publishPolicy(ctx, tx, a, pr.PolicyID, pr.Version)
	return err
}

// checkSuccession refuses a version that would end the open-ended version it succeeds before
// today (ECONFLICT on effective_from): decisions were taken under the version in force, and a
// reform cannot change the rules of days that have passed.
func checkSuccession(tx *sqlstore.Tx, lib *policy.Library, c *policy.Compiled) error {
	old := lib.Succeeds(c)
	if old == nil {
		return nil
	}
	today := seedbed.DateCST(tx.Now())
	from := c.Document().EffectiveFrom.String()
	if from >= today {
		return nil
	}
	return &seedbed.Error{Code: seedbed.ECONFLICT, Field: "effective_from", Text: seedbed.Label{
		Zh: "第 %d 版自 %s 起施行，将在今天（%s）之前终止现行的第 %d 版：已按现行版本作出的决定不能事后改变规则；新版本只能自今天或以后施行",
		En: "version %d would take effect on %s and end version %[4]d, in force, before today (%[3]s): decisions taken under it cannot have their rules changed afterwards; a new version may take effect today or later"},
		Args: []any{c.Version(), from, today, old.Version()}}
}

// publishable loads a draft and checks that it may be published: its source and tests, and
// its effective dates against every published version of the policy.
func publishable(ctx context.Context, tx *sqlstore.Tx, id string, version int) (*policy.Version, *policy.Compiled, error) {
	pv, err := tx.GetPolicyVersion(ctx, id, version)
	if err != nil {
		return nil, nil, err
	}
	if pv.Status == policy.VersionPublished {
		return nil, nil, seedbed.Errorf(seedbed.ECONFLICT, seedbed.Label{Zh: "政策 %s 第 %d 版已发布，已发布的版本不可更改", En: "version %[2]d of %[1]s is already published and cannot change"}, id, version)
	}
	if sourceDigest([]byte(pv.Source)) != pv.SHA256 {
		return nil, nil, fmt.Errorf("policy %s v%d: stored source does not match its sha256", id, version)
	}
	c, err := policy.Load(pv.File, []byte(pv.Source))
	if err != nil {
		return nil, nil, policyError(err)
	}
	lib, err := publishedVersions(ctx, tx, id)
	if err != nil {
		return nil, nil, err
	}
	if err := lib.Conflicts(c); err != nil {
		return nil, nil, policyError(err)
	}
	if err := checkSuccession(tx, lib, c); err != nil {
		return nil, nil, err
	}
	return pv, c, nil
}

// publishPolicy publishes a draft as a, with its decision event.
func publishPolicy(ctx context.Context, tx *sqlstore.Tx, a seedbed.Actor, id string, version int) (*policy.Version, error) {
	// Locking the library first serialises publications, so two concurrent ones cannot both
	// pass the clash check.
	if err := tx.LockPolicyLibrary(ctx); err != nil {
		return nil, err
	}
	pv, c, err := publishable(ctx, tx, id, version)
	if err != nil {
		return nil, err
	}
	lib, err := publishedVersions(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	if err := tx.MarkPolicyPublished(ctx, a, pv); err != nil {
		return nil, err
	}
	if old := lib.Succeeds(c); old != nil {
		// The new version succeeds the open-ended one in force: it ends the day before.
		end := policy.SuccessionEnd(c).String()
		ok, err := tx.EndPolicyVersion(ctx, id, old.Version(), end)
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, seedbed.Errorf(seedbed.ECONFLICT, seedbed.Label{Zh: "政策 %s 第 %d 版已被他人改变，请刷新", En: "version %[2]d of %[1]s changed meanwhile; reload"}, id, old.Version())
		}
		if _, err := tx.RecordEvent(ctx, a, policySucceededEvent, "policy:"+id, map[string]any{"policy_id": id, "version": old.Version(),
			"effective_to": end, "succeeded_by": version, "successor_from": pv.EffectiveFrom}); err != nil {
			return nil, err
		}
		if err := tx.Audit(ctx, a, "policy.succeed", "policy", 0, fmt.Sprintf("%s v%d ends %s, succeeded by v%d", id, old.Version(), end, version)); err != nil {
			return nil, err
		}
	}
	_, err = tx.RecordEvent(ctx, a, policyPublishedEvent, "policy:"+id, map[string]any{
		"policy_id": id, "version": version, "sha256": pv.SHA256, "file": pv.File,
		"effective_from": pv.EffectiveFrom, "effective_to": pv.EffectiveTo, "tests": len(c.Document().Tests),
	})
	return pv, err
}

// EvaluateSegment decides one compiled policy for every innovator matching f (its kind, size,
// type, driver, field, region and id filters; a text query is not supported here) as of a day,
// streaming the registry through the fast status-only path, and explains up to perStatus
// innovators of each outcome in id order. Indicators are not read: a policy that needs them is
// undecided for the segment, never silently false.
func (p *Policies) EvaluateSegment(ctx context.Context, c *policy.Compiled, f seedbed.InnovatorFilter, asOf time.Time, perStatus int) (*policy.SegmentResult, error) {
	res, err := p.EvaluateSegments(ctx, []*policy.Compiled{c}, f, asOf, perStatus)
	if err != nil {
		return nil, err
	}
	return res[0], nil
}

// EvaluateSegments is EvaluateSegment for several policies in one pass over the registry: each
// innovator is read once and decided by every policy.
func (p *Policies) EvaluateSegments(ctx context.Context, cs []*policy.Compiled, f seedbed.InnovatorFilter, asOf time.Time, perStatus int) ([]*policy.SegmentResult, error) {
	start := time.Now()
	seg := policy.NewSegment(cs, asOf, perStatus)
	if err := p.store.EachSegmentInnovator(ctx, f, func(in *seedbed.Innovator) error { seg.Add(in); return nil }); err != nil {
		return nil, err
	}
	return seg.Results(time.Since(start)), nil
}

// publishedVersions compiles the published versions of one policy inside tx, for the clash
// checks of an upload or a publication.
func publishedVersions(ctx context.Context, tx *sqlstore.Tx, id string) (*policy.Library, error) {
	lib := policy.NewLibrary()
	err := tx.EachPublishedPolicyVersion(ctx, id, func(file, src string) error { return addCompiled(lib, file, src) })
	return lib, err
}

// addCompiled compiles a published source and adds it to lib. A published version that no
// longer compiles is an internal error, never skipped: a policy must not silently vanish.
func addCompiled(lib *policy.Library, file, src string) error {
	c, err := policy.Check(file, []byte(src))
	if err == nil {
		err = lib.Add(c)
	}
	if err != nil {
		return fmt.Errorf("published policy %s no longer loads: %w", file, err)
	}
	return nil
}

// checkPolicySource refuses what cannot be stored as text or is too large to consider.
func checkPolicySource(file string, src []byte) error {
	switch {
	case len(src) == 0 || strings.TrimSpace(string(src)) == "":
		return &seedbed.Error{Code: seedbed.EINVALID, Field: file, Line: 1, Column: 1, Text: seedbed.Label{Zh: "政策文件为空", En: "the policy file is empty"}}
	case len(src) > policy.MaxDocumentBytes:
		return &seedbed.Error{Code: seedbed.ETOOLARGE, Field: file,
			Text: seedbed.Label{Zh: "政策文件超过 %d 字节", En: "the policy file exceeds %d bytes"}, Args: []any{policy.MaxDocumentBytes}}
	case !utf8.Valid(src):
		return &seedbed.Error{Code: seedbed.EINVALID, Field: file, Text: seedbed.Label{Zh: "政策文件须为 UTF-8 编码", En: "the policy file must be UTF-8"}}
	case strings.IndexByte(string(src), 0) >= 0:
		return &seedbed.Error{Code: seedbed.EINVALID, Field: file, Text: seedbed.Label{Zh: "政策文件含有 NUL 字符", En: "the policy file contains a NUL byte"}}
	}
	return nil
}

// reservedPolicyID cannot name a policy: /policies/new is the upload page.
const reservedPolicyID = "new"

// keyLine returns the 1-based line of a top-level key in a YAML source, or 1.
func keyLine(src []byte, key string) int {
	for i, line := range strings.Split(string(src), "\n") {
		if strings.HasPrefix(line, key+":") {
			return i + 1
		}
	}
	return 1
}

// policyFileName keeps the base name of an uploaded file, printable and short.
func policyFileName(file string) string {
	file = path.Base(strings.ReplaceAll(strings.TrimSpace(file), `\`, "/"))
	file = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || r == '#' || r == '"' || r == '<' || r == '>' {
			return -1
		}
		return r
	}, file)
	if file == "" || file == "." || file == "/" {
		file = "policy.yaml"
	}
	if utf8.RuneCountInString(file) > 100 {
		file = string([]rune(file)[:100])
	}
	return file
}

// policyError turns the engine's error list into the domain's, keeping lines and columns.
func policyError(err error) error {
	var el policy.ErrorList
	if errors.As(err, &el) {
		return el.Domain()
	}
	return err
}

// policyPublishedEvent is the kind of the event that publishes a policy version.
const policyPublishedEvent = "policy.published"

// policySucceededEvent is the kind of the event that ends an open-ended version when a new one
// succeeds it.
const policySucceededEvent = "policy.succeeded"

func sourceDigest(src []byte) string {
	sum := sha256.Sum256(src)
	return hex.EncodeToString(sum[:])
}

// Reform compares a version of a policy (a draft before it is published, or a published one)
// with the version in force the day before it starts, over the whole registry: who gains or
// loses eligibility, who is granted more or less money, counted by segment, listing at most
// limit innovators. Indicators are not read: a rule that needs them is undecided.
func (p *Policies) Reform(ctx context.Context, id string, version, limit int) (*policy.ReformComparison, error) {
	pv, err := p.store.GetPolicyVersion(ctx, id, version)
	if err != nil {
		return nil, err
	}
	c, err := p.Compile(ctx, pv)
	if err != nil {
		return nil, err
	}
	lib, err := p.Library(ctx)
	if err != nil {
		return nil, err
	}
	var base *policy.Compiled
	if prev := lib.At(id, policy.SuccessionEnd(c).Time()); prev != nil && prev.Version() != version {
		base = prev
	}
	r := policy.NewReform(base, c, limit)
	if err := p.store.EachSegmentInnovator(ctx, seedbed.InnovatorFilter{}, func(in *seedbed.Innovator) error { r.Add(in); return nil }); err != nil {
		return nil, err
	}
	return r.Result(), nil
}
