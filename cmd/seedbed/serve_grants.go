package main

import (
	"flag"

	"seedbed/grantdata"
)

// grantFlags configure the publisher of the open grant data (360Giving and CSV).
type grantFlags struct {
	prefix, funderID, funderName, publicURL string
}

func (g *grantFlags) register(fs *flag.FlagSet) {
	d := grantdata.DefaultPublisher
	fs.StringVar(&g.prefix, "grant-prefix", env("grant_prefix", d.Prefix), "360Giving prefix that begins every published grant identifier (env SEEDBED_GRANT_PREFIX)")
	fs.StringVar(&g.funderID, "funder-id", env("funder_id", d.FunderID), "the funding organisation's identifier, e.g. CN-USC-<credit code> (env SEEDBED_FUNDER_ID)")
	fs.StringVar(&g.funderName, "funder-name", env("funder_name", d.FunderName), "the funding organisation's name in the open grant data (env SEEDBED_FUNDER_NAME)")
	fs.StringVar(&g.publicURL, "public-url", env("public_url", ""), "the portal's public address (https://…), for links in the open grant data (env SEEDBED_PUBLIC_URL)")
}

// publisher is the configured publisher; a setting left empty takes the default.
func (g grantFlags) publisher() grantdata.Publisher {
	p := grantdata.DefaultPublisher
	for _, kv := range []struct {
		dst *string
		v   string
	}{{&p.Prefix, g.prefix}, {&p.FunderID, g.funderID}, {&p.FunderName, g.funderName}, {&p.Website, g.publicURL}} {
		if kv.v != "" {
			*kv.dst = kv.v
		}
	}
	return p
}
