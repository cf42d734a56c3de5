package sim

import (
	"errors"
	"reflect"

	"go.yaml.in/yaml/v3"
)

// designFile is a factorial configuration file: one key, factorial, holding the Design.
type designFile struct {
	Factorial Design `yaml:"factorial"`
}

// IsDesign reports whether data is a factorial design (a document whose only key is factorial)
// rather than a Config.
func IsDesign(data []byte) bool {
	root, err := parseDocument(data)
	if err != nil || root.Kind != yaml.MappingNode || len(root.Content) != 2 {
		return false
	}
	return root.Content[0].Value == "factorial"
}

// ParseDesign reads a factorial design from YAML or JSON: {factorial: {base: {…}, selection: […],
// grant_size: […], pacing: […], retry: […], bar, max_cells, metric}. Keys left out keep their
// DefaultDesign values (a list given replaces the default list). Errors name the key, as
// ParseConfig's do.
func ParseDesign(data []byte) (Design, error) {
	root, err := parseDocument(data)
	if err != nil {
		return Design{}, err
	}
	f := designFile{Factorial: DefaultDesign()}
	pos := map[string]*yaml.Node{}
	if errs := decodeNode(root, reflect.ValueOf(&f).Elem(), "", pos); len(errs) > 0 {
		return Design{}, errors.Join(errs...)
	}
	d := f.Factorial
	d.Base.Strategies = []string{NoSupport}
	if err := d.Validate(); err != nil {
		return Design{}, locate(prefixKeys(err, "factorial."), pos)
	}
	return d, nil
}
