package seedbed

// Sources of an indicator value: every value keeps where it came from.
const (
	SourceProgressReport = "progress_report" // entered by the awardee in a progress report
	SourceOfficer        = "officer"         // entered by a programme officer
	SourceCSV            = "import_csv"      // imported from a CSV file
	SourceAPI            = "import_api"      // imported through the API
)

// ObservationSources lists the sources of indicator values with their labels.
var ObservationSources = OptionSet{
	{Code: SourceProgressReport, Label: Label{Zh: "进展报告", En: "Progress report"}},
	{Code: SourceOfficer, Label: Label{Zh: "项目主管录入", En: "Entered by officer"}},
	{Code: SourceCSV, Label: Label{Zh: "CSV 导入", En: "CSV import"}},
	{Code: SourceAPI, Label: Label{Zh: "接口导入", En: "API import"}},
}
