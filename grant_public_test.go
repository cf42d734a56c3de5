package seedbed

import (
	"strings"
	"testing"
)

func TestPublicGrantOfAnIndividualNamesNobody(t *testing.T) {
	aw := Award{ID: 3, ProgramID: 1, ProgramTitle: "种子计划", ApplicationTitle: "张三的稀疏注意力", Amount: 100_000}
	person := Innovator{ID: 9, Name: "张三", Kind: KindIndividual, Region: "杭州市西湖区", Field: "ai",
		ContactName: "张三", ContactPhone: "13900000000", ContactEmail: "zhangsan@example.net"}
	g := PublicGrantOf(aw, person)
	if !g.ToIndividual || g.Recipient.Name != "" || g.Recipient.InnovatorID != 0 || g.Title != "" || g.Recipient.Region != "" {
		t.Fatalf("grant to an individual: %+v", g)
	}
	if strings.Contains(strings.Join([]string{g.Title, g.Recipient.Name, g.Recipient.Region, g.Recipient.CreditCode}, " "), "张三") {
		t.Fatal("the individual's name is published")
	}
	firm := Innovator{ID: 4, Name: "杭州某科技有限公司", Kind: KindEnterprise, CreditCode: "91330100799655058B", Region: "杭州市",
		ContactName: "梁先生", ContactPhone: "13900000000"}
	g = PublicGrantOf(aw, firm)
	if g.ToIndividual || g.Recipient.Name != firm.Name || g.Recipient.CreditCode != firm.CreditCode || g.Title != aw.ApplicationTitle {
		t.Fatalf("grant to an organisation: %+v", g)
	}
}
