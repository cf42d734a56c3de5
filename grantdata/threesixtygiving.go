package grantdata

import (
	"strconv"
	"strings"
	"time"

	"seedbed"
)

// Publisher says who publishes the data and how its identifiers are made.
type Publisher struct {
	// Prefix is the publisher's 360Giving prefix ("360G-…"), which begins every grant identifier.
	Prefix string
	// FunderID is the funding organisation's identifier in the Organisation Identifier standard,
	// e.g. "CN-USC-" followed by its unified social credit code.
	FunderID string
	// FunderName is the funding organisation's name.
	FunderName string
	// Website is the portal's address (https://…), for links; "" leaves them out.
	Website string
}

// DefaultPublisher is used when the deployment configures none.
var DefaultPublisher = Publisher{Prefix: "360G-seedbed", FunderID: "XI-seedbed-funder", FunderName: "科技创新主管部门"}

// Currency is the currency of every amount: seedbed awards whole yuan.
const Currency = "CNY"

// Version is the 360Giving schema version the package declares.
const Version = "1.4"

// License is the licence the data is published under (CC BY 4.0).
const License = "https://creativecommons.org/licenses/by/4.0/"

// individualName is what 360Giving asks publishers to use in place of a person's name.
const individualName = "Individual Recipient"

// Package is a 360Giving data package.
type Package struct {
	Grants    []Grant    `json:"grants"`
	Version   string     `json:"version"`
	Title     string     `json:"title"`
	Issued    string     `json:"issued"`
	Modified  string     `json:"modified"`
	Publisher PackagePub `json:"publisher"`
	License   string     `json:"license"`
}

// PackagePub is the package's publisher.
type PackagePub struct {
	Identifier string `json:"identifier,omitempty"`
	Name       string `json:"name"`
	Website    string `json:"website,omitempty"`
}

// Grant is one grant in the 360Giving standard.
type Grant struct {
	ID                    string          `json:"id"`
	Title                 string          `json:"title"`
	Description           string          `json:"description"`
	Currency              string          `json:"currency"`
	AmountAwarded         int64           `json:"amountAwarded"`
	AmountDisbursed       int64           `json:"amountDisbursed"`
	AwardDate             string          `json:"awardDate"`
	URL                   string          `json:"url,omitempty"`
	RecipientOrganization []Organization  `json:"recipientOrganization,omitempty"`
	RecipientIndividual   *Person         `json:"recipientIndividual,omitempty"`
	BeneficiaryLocation   []Location      `json:"beneficiaryLocation,omitempty"`
	FundingOrganization   []Organization  `json:"fundingOrganization"`
	GrantProgramme        []GrantProgram  `json:"grantProgramme"`
	FromOpenCall          string          `json:"fromOpenCall"`
	DateModified          string          `json:"dateModified"`
	Classifications       []Classificaton `json:"classifications,omitempty"`
}

// Organization is a funder or a recipient organisation.
type Organization struct {
	ID             string `json:"id"`
	Name           string `json:"name"`
	AddressRegion  string `json:"addressRegion,omitempty"`
	AddressCountry string `json:"addressCountry,omitempty"`
}

// Person is an individual recipient, named only generically.
type Person struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// Location is where the beneficiaries are.
type Location struct {
	Name        string `json:"name"`
	CountryCode string `json:"countryCode"`
}

// GrantProgram is the program a grant was made under.
type GrantProgram struct {
	Code  string `json:"code"`
	Title string `json:"title"`
	URL   string `json:"url,omitempty"`
}

// Classificaton classifies a grant, here by the recipient's technical field.
type Classificaton struct {
	Vocabulary string `json:"vocabulary"`
	Code       string `json:"code"`
	Title      string `json:"title"`
}

// grantToIndividual is the description of a grant to an individual (the data's language is
// Chinese, seedbed's working language).
var grantToIndividual = seedbed.Label{Zh: "对个人的资助（依法不公开个人信息）", En: "A grant to an individual (personal data withheld by law)"}

// teamNameWithheld stands for a team's name that would name a person.
var teamNameWithheld = seedbed.Label{Zh: "草根团队（名称含个人姓名，不公开）", En: "A grassroots team (its name names a person and is withheld)"}

// cst is China Standard Time: award dates are the bureau's dates.
var cst = time.FixedZone("CST", 8*3600)

// GrantID is a grant's 360Giving identifier: the publisher's prefix and the award's number.
func (p Publisher) GrantID(awardID int64) string {
	return p.Prefix + "-award-" + strconv.FormatInt(awardID, 10)
}

// RecipientID is a recipient organisation's identifier: CN-USC and its unified social credit
// code when it has one (the Organisation Identifier standard's list for China), otherwise one
// made from the publisher's prefix and the registry's number.
func (p Publisher) RecipientID(r seedbed.Recipient) string {
	if r.CreditCode != "" {
		return "CN-USC-" + r.CreditCode
	}
	return p.Prefix + "-org-" + strconv.FormatInt(r.InnovatorID, 10)
}

// NewPackage maps grants (in their published form) into a 360Giving data package modified at
// now.
func NewPackage(p Publisher, grants []seedbed.PublicGrant, now time.Time) Package {
	pkg := Package{Grants: make([]Grant, len(grants)), Version: Version, License: License,
		Title:  p.FunderName + " 资助数据 (360Giving)",
		Issued: now.In(cst).Format("2006-01-02"), Modified: now.UTC().Format(time.RFC3339),
		Publisher: PackagePub{Identifier: p.FunderID, Name: p.FunderName, Website: p.Website}}
	for i, g := range grants {
		pkg.Grants[i] = p.grant(g, now)
	}
	return pkg
}

func (p Publisher) grant(g seedbed.PublicGrant, now time.Time) Grant {
	out := Grant{ID: p.GrantID(g.AwardID), Currency: Currency, AmountAwarded: g.Amount, AmountDisbursed: g.Released,
		AwardDate: g.AwardedAt.In(cst).Format("2006-01-02"), FromOpenCall: "Yes", DateModified: now.UTC().Format(time.RFC3339),
		FundingOrganization: []Organization{{ID: p.FunderID, Name: p.FunderName}},
		GrantProgramme:      []GrantProgram{{Code: seedbed.ProgramCode(g.ProgramID), Title: g.ProgramTitle}}}
	if p.Website != "" {
		base := strings.TrimRight(p.Website, "/")
		out.GrantProgramme[0].URL = base + "/public/programs/" + strconv.FormatInt(g.ProgramID, 10)
		out.URL = base + "/public/programs/" + strconv.FormatInt(g.ProgramID, 10) + "/awards"
	}
	if f := g.Recipient.Field; f != "" {
		out.Classifications = []Classificaton{{Vocabulary: p.Prefix + "-field", Code: f, Title: seedbed.Fields.Label(f).Zh}}
	}
	if g.ToIndividual {
		out.Title = g.ProgramTitle
		out.Description = grantToIndividual.Zh
		out.RecipientIndividual = &Person{ID: p.Prefix + "-individual-" + strconv.FormatInt(g.AwardID, 10), Name: individualName}
		return out
	}
	out.Title = g.Title
	if out.Title == "" {
		out.Title = g.ProgramTitle
	}
	out.Description = g.ProgramTitle + "：" + out.Title
	name := g.Recipient.Name
	if g.NameWithheld {
		name = teamNameWithheld.Zh
	}
	out.RecipientOrganization = []Organization{{ID: p.RecipientID(g.Recipient), Name: name,
		AddressRegion: g.Recipient.Region, AddressCountry: "CN"}}
	if g.Recipient.Region != "" {
		out.BeneficiaryLocation = []Location{{Name: g.Recipient.Region, CountryCode: "CN"}}
	}
	return out
}
