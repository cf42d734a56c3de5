package demo

// district is a county-level division of the synthetic region: its administrative division code
// (GB/T 2260), the prefix firms registered there put in their names, and its weight among
// innovators.
type district struct {
	code   string // 6-digit division code, used in credit codes
	city   string // city-level division code, where institutes and universities register
	region string // the Region field
	prefix string // the place name in organisation names
	weight int
}

// districts are real divisions of Zhejiang, weighted towards Hangzhou's technology districts.
var districts = []district{
	{"330106", "330100", "杭州市西湖区", "杭州", 10},
	{"330110", "330100", "杭州市余杭区", "杭州", 12},
	{"330108", "330100", "杭州市滨江区", "杭州", 12},
	{"330102", "330100", "杭州市上城区", "杭州", 5},
	{"330105", "330100", "杭州市拱墅区", "杭州", 5},
	{"330109", "330100", "杭州市萧山区", "杭州", 6},
	{"330113", "330100", "杭州市临平区", "杭州", 3},
	{"330114", "330100", "杭州市钱塘区", "杭州", 3},
	{"330111", "330100", "杭州市富阳区", "杭州", 2},
	{"330112", "330100", "杭州市临安区", "杭州", 2},
	{"330212", "330200", "宁波市鄞州区", "宁波", 5},
	{"330203", "330200", "宁波市海曙区", "宁波", 2},
	{"330205", "330200", "宁波市江北区", "宁波", 2},
	{"330206", "330200", "宁波市北仑区", "宁波", 2},
	{"330211", "330200", "宁波市镇海区", "宁波", 2},
	{"330302", "330300", "温州市鹿城区", "温州", 2},
	{"330303", "330300", "温州市龙湾区", "温州", 2},
	{"330304", "330300", "温州市瓯海区", "温州", 1},
	{"330402", "330400", "嘉兴市南湖区", "嘉兴", 3},
	{"330411", "330400", "嘉兴市秀洲区", "嘉兴", 1},
	{"330502", "330500", "湖州市吴兴区", "湖州", 2},
	{"330503", "330500", "湖州市南浔区", "湖州", 1},
	{"330602", "330600", "绍兴市越城区", "绍兴", 2},
	{"330603", "330600", "绍兴市柯桥区", "绍兴", 2},
	{"330604", "330600", "绍兴市上虞区", "绍兴", 1},
	{"330702", "330700", "金华市婺城区", "金华", 1},
	{"330703", "330700", "金华市金东区", "金华", 1},
	{"330782", "330700", "金华市义乌市", "义乌", 2},
}

// Division codes above the city level.
const (
	divisionZhejiang = "330000" // province: firms and bodies named 浙江…
	divisionNational = "100000" // bodies registered centrally, such as institutes of the Chinese Academy of Sciences
)

// districtWeights are the weights of districts, for pickIndex.
var districtWeights = func() []int {
	w := make([]int, len(districts))
	for i, d := range districts {
		w[i] = d.weight
	}
	return w
}()

// districtByRegion finds a district by its Region text.
func districtByRegion(region string) district {
	for _, d := range districts {
		if d.region == region {
			return d
		}
	}
	panic("demo: unknown region " + region)
}
