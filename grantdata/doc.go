// Package grantdata writes the grants seedbed has made as open data: a 360Giving data package
// (JSON, the 360Giving Data Standard 1.4) and a CSV with Chinese headers for 信息公开. It maps
// seedbed.PublicGrant values, which already leave out everything personal about a grant to an
// individual, and adds nothing personal of its own: an individual recipient is published as
// "Individual Recipient" with an identifier made from the grant's, never from the person.
//
// It is pure: no database, no HTTP, no file system; callers hand it grants and a Publisher and
// give it a writer.
package grantdata
