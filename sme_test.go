package seedbed

import "testing"

func TestClassifySize(t *testing.T) {
	e := func(v int64) *int64 { return &v }
	r := func(v float64) *float64 { return &v }
	cases := []struct {
		name, kind, industry string
		emp                  *int64
		rev                  *float64
		want                 string
	}{
		{"industry large needs both floors", KindEnterprise, "industry", e(1000), r(40000), SizeLarge},
		{"industry: revenue below 40000 keeps it SME", KindEnterprise, "industry", e(5000), r(39999), SizeMedium},
		{"industry medium floor", KindEnterprise, "industry", e(300), r(2000), SizeMedium},
		{"industry 299 staff is small", KindEnterprise, "industry", e(299), r(30000), SizeSmall},
		{"industry small floor", KindEnterprise, "industry", e(20), r(300), SizeSmall},
		{"industry micro by revenue", KindEnterprise, "industry", e(50), r(299), SizeMicro},
		{"industry micro by staff", KindEnterprise, "industry", e(19), r(1000), SizeMicro},
		{"software large", KindEnterprise, "software", e(300), r(10000), SizeLarge},
		{"software medium", KindEnterprise, "software", e(100), r(1000), SizeMedium},
		{"software small", KindEnterprise, "software", e(10), r(50), SizeSmall},
		{"software micro", KindEnterprise, "software", e(9), r(5000), SizeMicro},
		{"wholesale large", KindEnterprise, "wholesale", e(200), r(40000), SizeLarge},
		{"wholesale medium", KindEnterprise, "wholesale", e(20), r(5000), SizeMedium},
		{"wholesale small", KindEnterprise, "wholesale", e(5), r(1000), SizeSmall},
		{"wholesale micro", KindEnterprise, "wholesale", e(4), r(1000), SizeMicro},
		{"retail large", KindEnterprise, "retail", e(300), r(20000), SizeLarge},
		{"retail medium", KindEnterprise, "retail", e(50), r(500), SizeMedium},
		{"retail small", KindEnterprise, "retail", e(10), r(100), SizeSmall},
		{"retail micro", KindEnterprise, "retail", e(10), r(99), SizeMicro},
		{"research uses staff only: large", KindEnterprise, "research", e(300), nil, SizeLarge},
		{"research medium", KindEnterprise, "research", e(100), nil, SizeMedium},
		{"research small", KindEnterprise, "research", e(10), r(1), SizeSmall},
		{"research micro", KindEnterprise, "research", e(9), nil, SizeMicro},
		{"telecom large", KindEnterprise, "telecom", e(2000), r(100000), SizeLarge},
		{"missing revenue where the rule needs it", KindEnterprise, "industry", e(50), nil, SizeUnclassified},
		{"missing staff", KindEnterprise, "software", nil, r(100), SizeUnclassified},
		{"missing sector", KindEnterprise, "", e(50), r(100), SizeUnclassified},
		{"unknown sector", KindEnterprise, "mining", e(50), r(100), SizeUnclassified},
		{"institutes are not classified", KindInstitute, "research", e(50), r(100), SizeUnclassified},
		{"teams are not classified", KindTeam, "software", e(5), r(10), SizeUnclassified},
	}
	for _, c := range cases {
		if got := ClassifySize(c.kind, c.industry, c.emp, c.rev); got != c.want {
			t.Errorf("%s: got %s, want %s", c.name, got, c.want)
		}
	}
}
