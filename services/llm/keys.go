package main

import (
	"errors"

	"github.com/copydesk/copydesk/pkg/config"
	"github.com/copydesk/copydesk/services/llm/internal/llm"
	"github.com/copydesk/copydesk/services/llm/internal/provider"
)

// keySetter is a provider whose API key can change while it runs.
type keySetter interface{ SetAPIKey(string) }

// keyVars names the API key variable of each provider that has one.
var keyVars = map[string]string{llm.OpenAI: "OPENAI_API_KEY", llm.Anthropic: "ANTHROPIC_API_KEY"}

// reloadKeys is the llm service's SIGHUP hook (service.Env.OnReload): the
// providers configured at start take their API keys again, typically
// rotated in AWS Secrets Manager. A key that became empty is refused (the
// provider keeps its key); adding or removing a provider takes a restart.
func reloadKeys(providers []llm.Provider) func(*config.Reader) error {
	return func(r *config.Reader) error {
		var errs []error
		for _, p := range providers {
			ks, ok := p.(keySetter)
			name := keyVars[p.Name()]
			if !ok || name == "" {
				continue
			}
			key := r.String(name, "")
			if key == "" {
				errs = append(errs, errors.New(name+" is now empty; the "+p.Name()+" provider keeps its current key"))
				continue
			}
			ks.SetAPIKey(key)
		}
		return errors.Join(errs...)
	}
}

var (
	_ keySetter = (*provider.OpenAI)(nil)
	_ keySetter = (*provider.Anthropic)(nil)
)
