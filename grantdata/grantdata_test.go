package grantdata

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"seedbed"
)

const (
	packageSchemaURL = "https://raw.githubusercontent.com/ThreeSixtyGiving/standard/1.4.3/schema/360-giving-package-schema.json"
	grantSchemaURL   = "https://raw.githubusercontent.com/ThreeSixtyGiving/standard/1.4.2/schema/360-giving-schema.json"
)

// compilePackageSchema compiles the 360Giving package schema from testdata, with format
// assertions on (the standard's dates are a oneOf of a date-time format and a date pattern).
func compilePackageSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	for url, file := range map[string]string{packageSchemaURL: "360-giving-package-schema.json", grantSchemaURL: "360-giving-schema.json"} {
		f, err := os.Open("testdata/360giving/" + file)
		if err != nil {
			t.Fatal(err)
		}
		doc, err := jsonschema.UnmarshalJSON(f)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		if err := c.AddResource(url, doc); err != nil {
			t.Fatal(err)
		}
	}
	s, err := c.Compile(packageSchemaURL)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

var (
	when   = time.Date(2026, 3, 12, 2, 30, 0, 0, time.UTC)
	grants = []seedbed.PublicGrant{
		{AwardID: 7, ProgramID: 2, ProgramTitle: "草根创新种子计划", Title: "稀疏注意力的新路线", Amount: 100_000, Released: 40_000,
			Status: seedbed.AwardActive, AwardedAt: when, Recipient: seedbed.Recipient{InnovatorID: 11, Name: "杭州某科技有限公司",
				Kind: seedbed.KindEnterprise, CreditCode: "91330100799655058B", Region: "浙江省杭州市", Field: "ai"}},
		{AwardID: 8, ProgramID: 2, ProgramTitle: "草根创新种子计划", Title: "=HYPERLINK(\"x\")", Amount: 50_000, Status: seedbed.AwardActive,
			AwardedAt: when, Recipient: seedbed.Recipient{InnovatorID: 12, Name: "开源机器人团队", Kind: seedbed.KindTeam, Field: "robotics"}},
		{AwardID: 9, ProgramID: 2, ProgramTitle: "草根创新种子计划", Amount: 30_000, Status: seedbed.AwardActive, AwardedAt: when,
			ToIndividual: true, Recipient: seedbed.Recipient{Kind: seedbed.KindIndividual, Field: "ai"}},
	}
	publisher = Publisher{Prefix: "360G-hzkj", FunderID: "CN-USC-11330100002500000X", FunderName: "某市科学技术局", Website: "https://kj.example.gov.cn"}
)

func TestPackageValidatesAgainstTheSchema(t *testing.T) {
	schema := compilePackageSchema(t)
	b, err := json.Marshal(NewPackage(publisher, grants, when))
	if err != nil {
		t.Fatal(err)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if err := schema.Validate(inst); err != nil {
		t.Fatalf("the package does not validate: %v\n%s", err, b)
	}
	var pkg Package
	json.Unmarshal(b, &pkg)
	g := pkg.Grants
	if g[0].ID != "360G-hzkj-award-7" || g[0].Currency != "CNY" || g[0].RecipientOrganization[0].ID != "CN-USC-91330100799655058B" ||
		g[0].GrantProgramme[0].Code != "P-2" || g[0].AwardDate != "2026-03-12" || g[0].FundingOrganization[0].ID != publisher.FunderID {
		t.Errorf("grant to a firm: %+v", g[0])
	}
	if g[1].RecipientOrganization[0].ID != "360G-hzkj-org-12" {
		t.Errorf("a team without a credit code: %+v", g[1].RecipientOrganization)
	}
	if g[2].RecipientIndividual == nil || g[2].RecipientIndividual.Name != "Individual Recipient" || g[2].RecipientOrganization != nil {
		t.Errorf("grant to an individual: %+v", g[2])
	}
	// A package that breaks the standard is refused by the same schema.
	bad := strings.Replace(string(b), `"currency":"CNY"`, `"currency":"RMB"`, 1)
	inst, _ = jsonschema.UnmarshalJSON(strings.NewReader(bad))
	if schema.Validate(inst) == nil {
		t.Fatal("the schema accepts an unknown currency: the test would not catch a broken package")
	}
}

func TestCSV(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteCSV(&buf, publisher, grants); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(buf.String(), "\uFEFF资助编号,") {
		t.Fatalf("no BOM or Chinese header: %q", buf.String()[:40])
	}
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(buf.String(), "\uFEFF"))).ReadAll()
	if err != nil || len(rows) != 4 {
		t.Fatalf("%d rows, %v", len(rows), err)
	}
	if rows[1][0] != "360G-hzkj-award-7" || rows[1][7] != "91330100799655058B" || rows[1][10] != "100000" || rows[1][12] != "CNY" {
		t.Errorf("firm row %q", rows[1])
	}
	if rows[2][3] != `'=HYPERLINK("x")` {
		t.Errorf("a formula is not guarded: %q", rows[2][3])
	}
	if rows[3][3] != "" || rows[3][5] != "" || !strings.Contains(rows[3][4], "个人") {
		t.Errorf("individual row %q", rows[3])
	}
}
