package i18n

// What the review console says instead of a button that cannot succeed yet.
func init() {
	Register(Zh, map[string]string{
		"console.select_after_replies": "答复期结束后才能遴选",
	})
	Register(En, map[string]string{
		"console.select_after_replies": "the selection can be made once the reply window has closed",
	})
}
