package ecosystem

import "seedbed"

// Dimensions are what the indicators can be broken down by: the regions innovators are
// registered in, the technical fields and the years of the data.
type Dimensions struct {
	Regions     []string
	Fields      seedbed.OptionSet
	Years       []int
	CurrentYear int
}

// YearPoint is an indicator's value in one year.
type YearPoint struct {
	Year      int
	Indicator Indicator
}

// GroupPoint is an indicator's value in one region or field.
type GroupPoint struct {
	Code      string
	Label     seedbed.Label
	Indicator Indicator
}

// Dashboard is everything the leaders' dashboard shows for a scope: every indicator with its
// trend over the years, and one indicator compared across regions and fields.
type Dashboard struct {
	Scope      Scope
	Dimensions Dimensions
	Indicators []Indicator
	Trends     map[string][]YearPoint // by indicator key, for the scope's region and field
	Compare    string                 // the compared indicator's key
	ByRegion   []GroupPoint           // in the scope's field and year
	ByField    []GroupPoint           // in the scope's region and year
}
