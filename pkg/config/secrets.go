package config

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"regexp"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsconfig "github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	smtypes "github.com/aws/aws-sdk-go-v2/service/secretsmanager/types"
)

// Source is where a process's settings come from: its environment,
// overlaid with the AWS Secrets Manager secrets named in AWS_SECRETS
// (comma-separated secret ids or ARNs, each a JSON object of NAME: value;
// later secrets win over earlier ones). The secret wins over the
// environment unless CONFIG_PRECEDENCE=env. Read fetches the secrets
// again each time, so a process re-reads them on SIGHUP (pkg/service).
//
// The client is aws-sdk-go-v2's, with the default credential chain and
// region (AWS_REGION, the shared config, IRSA, the instance role...);
// AWS_ENDPOINT_URL (or AWS_ENDPOINT_URL_SECRETS_MANAGER) points it at
// another endpoint, as the tests do.
type Source struct {
	env     func(string) (string, bool)
	ids     []string
	envWins bool
	client  *secretsmanager.Client
}

// readTimeout bounds one Read of every secret.
const readTimeout = 30 * time.Second

var settingName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// OpenEnv is NewSource on the process environment.
func OpenEnv(ctx context.Context) (*Source, error) { return NewSource(ctx, os.LookupEnv) }

// NewSource reads AWS_SECRETS and CONFIG_PRECEDENCE from env and, when
// there are secrets, builds the Secrets Manager client (the SDK reads its
// own settings from the process environment).
func NewSource(ctx context.Context, env func(string) (string, bool)) (*Source, error) {
	s := &Source{env: env}
	r := &Reader{lookup: env}
	s.ids = r.List("AWS_SECRETS", nil)
	switch p := strings.ToLower(r.String("CONFIG_PRECEDENCE", "secret")); p {
	case "secret", "env":
		s.envWins = p == "env"
	default:
		return nil, fmt.Errorf("invalid configuration: CONFIG_PRECEDENCE must be secret or env")
	}
	if len(s.ids) == 0 {
		return s, nil
	}
	cfg, err := awsconfig.LoadDefaultConfig(ctx)
	if err != nil {
		return nil, fmt.Errorf("AWS_SECRETS: AWS configuration: %w", err)
	}
	s.client = secretsmanager.NewFromConfig(cfg)
	return s, nil
}

// Secrets reports whether the source reads any secret.
func (s *Source) Secrets() bool { return len(s.ids) > 0 }

// Read returns a Reader of the environment overlaid with the secrets as
// they are now. A secret that is missing, unreadable or not a JSON object
// of settings is an error naming the secret, never showing a value.
func (s *Source) Read(ctx context.Context) (*Reader, error) {
	if len(s.ids) == 0 {
		return &Reader{lookup: s.env}, nil
	}
	ctx, cancel := context.WithTimeout(ctx, readTimeout)
	defer cancel()
	merged := map[string]string{}
	for _, id := range s.ids {
		values, err := s.fetch(ctx, id)
		if err != nil {
			return nil, fmt.Errorf("AWS_SECRETS: secret %q: %w", id, err)
		}
		for k, v := range values {
			merged[k] = v
		}
	}
	env, envWins := s.env, s.envWins
	return &Reader{lookup: func(k string) (string, bool) {
		if envWins {
			if v, ok := env(k); ok && strings.TrimSpace(v) != "" {
				return v, true
			}
		}
		if v, ok := merged[k]; ok {
			return v, true
		}
		return env(k)
	}}, nil
}

func (s *Source) fetch(ctx context.Context, id string) (map[string]string, error) {
	out, err := s.client.GetSecretValue(ctx, &secretsmanager.GetSecretValueInput{SecretId: aws.String(id)})
	var notFound *smtypes.ResourceNotFoundException
	switch {
	case errors.As(err, &notFound):
		return nil, errors.New("not found (no such secret in this account and region, or no current version)")
	case err != nil:
		return nil, err
	case out.SecretString == nil:
		return nil, errors.New("is a binary secret, not a JSON object of NAME: value")
	}
	return parseSecret(*out.SecretString)
}

// parseSecret reads a JSON object of setting names to strings, numbers or
// booleans. Its errors name keys, never values (a JSON syntax error
// would quote the text around it).
func parseSecret(text string) (map[string]string, error) {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal([]byte(text), &raw); err != nil || raw == nil {
		return nil, errors.New("is not a JSON object of NAME: value")
	}
	out := make(map[string]string, len(raw))
	for k, v := range raw {
		if !settingName.MatchString(k) {
			return nil, fmt.Errorf("key %q is not a setting name (letters, digits and _)", k)
		}
		var x any
		d := json.NewDecoder(strings.NewReader(string(v)))
		d.UseNumber()
		_ = d.Decode(&x) // valid: it came out of Unmarshal
		switch x := x.(type) {
		case string:
			out[k] = x
		case json.Number:
			out[k] = x.String()
		case bool:
			out[k] = fmt.Sprint(x)
		default:
			return nil, fmt.Errorf("the value of %s is not a string, number or boolean", k)
		}
	}
	return out, nil
}
