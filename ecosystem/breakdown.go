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
