package sandbox

import (
	"encoding/json"
	"io"
	"net/http"
	"regexp"
	"strconv"
)

// providerNameRE is the documented name alphabet, at most 200 characters.
var providerNameRE = regexp.MustCompile(`^[A-Za-z0-9_-]{1,200}$`)

// providerJSON is a media provider as the API reads and writes it.
type providerJSON struct {
	Name   string         `json:"name"`
	Type   string         `json:"type"`
	Config providerConfig `json:"config"`
}

type providerConfig struct {
	Basic  *providerBasic `json:"basic,omitempty"`
	Bearer *string        `json:"bearer,omitempty"`
}

type providerBasic struct {
	Username string `json:"username"`
	Password string `json:"password"`
}

func providerToJSON(p MediaProvider) providerJSON {
	out := providerJSON{Name: p.Name, Type: p.Type}
	if p.Bearer != "" {
		b := p.Bearer
		out.Config.Bearer = &b
	} else {
		out.Config.Basic = &providerBasic{Username: p.BasicUsername, Password: p.BasicPassword}
	}
	return out
}

// onPremListProviders returns secrets in clear, as the real API does.
func (s *Server) onPremListProviders(w http.ResponseWriter, _ *http.Request) {
	list := []providerJSON{}
	for _, p := range s.st.providerList() {
		list = append(list, providerToJSON(p))
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"settings": map[string]any{"application": map[string]any{"media": map[string]any{"providers": list}}},
		"meta":     onPremMeta,
	})
}

// onPremPutProviders takes a JSON array of providers and stores all of them
// or none: a bad entry anywhere leaves the settings unchanged.
func (s *Server) onPremPutProviders(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(io.LimitReader(r.Body, maxJSONBody))
	if err != nil {
		writeOnPremError(w, http.StatusBadRequest, codeRequestNotValid, "Request not valid", "could not read the body: "+err.Error())
		return
	}
	var raw []map[string]json.RawMessage
	if err := json.Unmarshal(body, &raw); err != nil {
		writeOnPremError(w, http.StatusBadRequest, codeRequestNotValid, "Request not valid",
			`the body must be a JSON array of providers, e.g. [{"name":"cdn","type":"www","config":{"bearer":"..."}}]`)
		return
	}
	if len(raw) == 0 {
		missing("send at least one provider object in the array").writeOnPrem(w)
		return
	}
	ps := make([]MediaProvider, 0, len(raw))
	for i, obj := range raw {
		p, cerr := parseProvider(obj, "providers["+strconv.Itoa(i)+"]")
		if cerr != nil {
			cerr.writeOnPrem(w)
			return
		}
		ps = append(ps, p)
	}
	s.st.putProviders(ps)
	writeJSON(w, http.StatusOK, map[string]any{"meta": onPremMeta})
}

func parseProvider(obj map[string]json.RawMessage, at string) (MediaProvider, *checkError) {
	var p MediaProvider
	if obj == nil {
		return p, invalid(at + " must be an object")
	}
	name, present, cerr := stringField(obj, "name", at)
	switch {
	case cerr != nil:
		return p, cerr
	case !present || name == "":
		return p, missing(at + ".name is required")
	case !providerNameRE.MatchString(name):
		return p, invalid(at + ".name " + strconv.Quote(name) + " may use only A-Z a-z 0-9 - _ and at most 200 characters")
	}
	p.Name = name
	typ, present, cerr := stringField(obj, "type", at)
	switch {
	case cerr != nil:
		return p, cerr
	case !present:
		return p, missing(at + `.type is required; send "type": "www"`)
	case typ != "www":
		return p, invalid(at + ".type " + strconv.Quote(typ) + ` is not supported; the only type is "www"`)
	}
	p.Type = typ
	rawCfg, ok := obj["config"]
	if !ok {
		return p, missing(at + `.config is required: {"basic":{"username":..,"password":..}} or {"bearer":".."}`)
	}
	var cfg providerConfig
	if err := json.Unmarshal(rawCfg, &cfg); err != nil {
		return p, invalid(at + ".config must be an object with basic or bearer")
	}
	switch {
	case (cfg.Basic == nil) == (cfg.Bearer == nil):
		return p, invalid(at + ".config must have exactly one of basic or bearer")
	case cfg.Bearer != nil:
		if *cfg.Bearer == "" {
			return p, invalid(at + ".config.bearer must be a non-empty token")
		}
		p.Bearer = *cfg.Bearer
	default:
		if cfg.Basic.Username == "" || cfg.Basic.Password == "" {
			return p, missing(at + ".config.basic needs both username and password")
		}
		p.BasicUsername, p.BasicPassword = cfg.Basic.Username, cfg.Basic.Password
	}
	return p, nil
}

func (s *Server) onPremDeleteProvider(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	if !s.st.removeProvider(name) {
		writeOnPremError(w, http.StatusNotFound, codeNotFound, "Resource not found",
			"media provider "+strconv.Quote(name)+" does not exist; GET /v1/settings/application/media/providers lists them")
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"meta": onPremMeta})
}
