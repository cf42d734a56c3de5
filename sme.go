package seedbed

// Size classes (企业规模) under the 2011 SME classification rules (工信部联企业〔2011〕300号).
const (
	SizeLarge        = "large"
	SizeMedium       = "medium"
	SizeSmall        = "small"
	SizeMicro        = "micro"
	SizeUnclassified = "unclassified"
)

// SizeClasses lists the size classes with their labels.
var SizeClasses = OptionSet{
	{SizeLarge, Label{"大型", "Large"}},
	{SizeMedium, Label{"中型", "Medium"}},
	{SizeSmall, Label{"小型", "Small"}},
	{SizeMicro, Label{"微型", "Micro"}},
	{SizeUnclassified, Label{"未划型", "Unclassified"}},
}

// Industries are the sectors the SME rules distinguish.
var Industries = OptionSet{
	{"industry", Label{"工业", "Industry"}},
	{"software", Label{"软件和信息技术服务业", "Software and IT services"}},
	{"telecom", Label{"信息传输业", "Information transmission"}},
	{"wholesale", Label{"批发业", "Wholesale"}},
	{"retail", Label{"零售业", "Retail"}},
	{"research", Label{"科学研究和技术服务业", "Scientific research and technical services"}},
	{"other", Label{"其他未列明行业", "Other sectors"}},
}

// smeRule holds one sector's thresholds. Employees are headcounts, revenue is in 10,000 yuan;
// a zero revenue threshold means the sector's rule uses employees only.
type smeRule struct {
	largeEmployees int64   // SME when employees < largeEmployees ...
	largeRevenue   float64 // ... or revenue < largeRevenue
	mediumEmp      int64   // medium: employees >= mediumEmp and revenue >= mediumRev
	mediumRev      float64
	smallEmp       int64 // small: employees >= smallEmp and revenue >= smallRev
	smallRev       float64
}

// SMERules2011 are the thresholds of the 2011 rules for the sectors seedbed classifies, kept as
// data so that a revised standard is a new table, not new logic. "research" (科学研究和技术服务业)
// falls under "other sectors not listed", which uses employees alone.
var SMERules2011 = map[string]smeRule{
	"industry":  {1000, 40000, 300, 2000, 20, 300},
	"software":  {300, 10000, 100, 1000, 10, 50},
	"telecom":   {2000, 100000, 100, 1000, 10, 100},
	"wholesale": {200, 40000, 20, 5000, 5, 1000},
	"retail":    {300, 20000, 50, 500, 10, 100},
	"research":  {300, 0, 100, 0, 10, 0},
	"other":     {300, 0, 100, 0, 10, 0},
}

// ClassifySize derives the size class of an innovator from its kind, sector, employees and
// revenue (万元). Only enterprises are classified; where the sector or a figure the rule needs is
// missing, the answer is SizeUnclassified, never a guess.
func ClassifySize(kind, industry string, employees *int64, revenue *float64) string {
	if kind != KindEnterprise {
		return SizeUnclassified
	}
	r, ok := SMERules2011[industry]
	if !ok || employees == nil {
		return SizeUnclassified
	}
	usesRevenue := r.largeRevenue > 0
	if usesRevenue && revenue == nil {
		return SizeUnclassified
	}
	emp := *employees
	var rev float64
	if usesRevenue {
		rev = *revenue
	}
	meets := func(minEmp int64, minRev float64) bool {
		return emp >= minEmp && (!usesRevenue || rev >= minRev)
	}
	sme := emp < r.largeEmployees || (usesRevenue && rev < r.largeRevenue)
	switch {
	case !sme:
		return SizeLarge
	case meets(r.mediumEmp, r.mediumRev):
		return SizeMedium
	case meets(r.smallEmp, r.smallRev):
		return SizeSmall
	default:
		return SizeMicro
	}
}
