// Package fakeaws serves the parts of AWS that Copydesk calls, speaking
// their real wire protocols so that aws-sdk-go-v2's own code runs in
// tests: Secrets Manager's GetSecretValue (JSON 1.1 protocol).
package fakeaws

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// SecretsManager is a Secrets Manager endpoint holding secrets in memory.
// It refuses requests that are not SigV4-signed JSON 1.1 calls.
type SecretsManager struct {
	URL string

	mu      sync.Mutex
	secrets map[string]string
	calls   int
}

// NewSecretsManager starts the endpoint; it stops when t ends.
func NewSecretsManager(t testing.TB) *SecretsManager {
	f := &SecretsManager{secrets: map[string]string{}}
	srv := httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(srv.Close)
	f.URL = srv.URL
	return f
}

// Put stores (or replaces) the SecretString of id.
func (f *SecretsManager) Put(id, value string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.secrets[id] = value
}

// Calls counts the GetSecretValue calls answered.
func (f *SecretsManager) Calls() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls
}

// UseIt points the AWS SDK of this process at f, with static test
// credentials and no shared config, for the rest of t.
func (f *SecretsManager) UseIt(t testing.TB) {
	for k, v := range map[string]string{
		"AWS_ENDPOINT_URL": f.URL, "AWS_REGION": "us-east-1",
		"AWS_ACCESS_KEY_ID": "AKIDFAKE", "AWS_SECRET_ACCESS_KEY": "fake-secret-key",
		"AWS_CONFIG_FILE": "/nonexistent", "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent",
		"AWS_EC2_METADATA_DISABLED": "true",
	} {
		t.Setenv(k, v)
	}
}

func (f *SecretsManager) serve(w http.ResponseWriter, r *http.Request) {
	switch {
	case r.Method != http.MethodPost:
		awsError(w, http.StatusMethodNotAllowed, "InvalidAction", "POST only")
	case r.Header.Get("Content-Type") != "application/x-amz-json-1.1":
		awsError(w, http.StatusBadRequest, "SerializationException", "not application/x-amz-json-1.1")
	case !strings.HasPrefix(r.Header.Get("Authorization"), "AWS4-HMAC-SHA256 Credential=AKIDFAKE/") ||
		!strings.Contains(r.Header.Get("Authorization"), "/secretsmanager/aws4_request") ||
		r.Header.Get("X-Amz-Date") == "":
		awsError(w, http.StatusForbidden, "IncompleteSignatureException", "request is not SigV4-signed for secretsmanager")
	case r.Header.Get("X-Amz-Target") != "secretsmanager.GetSecretValue":
		awsError(w, http.StatusBadRequest, "InvalidAction", "unsupported target "+r.Header.Get("X-Amz-Target"))
	default:
		var in struct{ SecretId string }
		if err := json.NewDecoder(r.Body).Decode(&in); err != nil || in.SecretId == "" {
			awsError(w, http.StatusBadRequest, "InvalidParameterException", "SecretId is required")
			return
		}
		f.mu.Lock()
		v, ok := f.secrets[in.SecretId]
		f.calls++
		f.mu.Unlock()
		if !ok {
			awsError(w, http.StatusBadRequest, "ResourceNotFoundException", "Secrets Manager can't find the specified secret.")
			return
		}
		w.Header().Set("Content-Type", "application/x-amz-json-1.1")
		_ = json.NewEncoder(w).Encode(map[string]any{
			"ARN":           "arn:aws:secretsmanager:us-east-1:000000000000:secret:" + in.SecretId + "-AbCdEf",
			"Name":          in.SecretId,
			"SecretString":  v,
			"VersionId":     "00000000-0000-0000-0000-000000000001",
			"VersionStages": []string{"AWSCURRENT"},
			"CreatedDate":   1.7e9,
		})
	}
}

// awsError answers in the JSON protocol's error shape.
func awsError(w http.ResponseWriter, status int, code, msg string) {
	w.Header().Set("Content-Type", "application/x-amz-json-1.1")
	w.Header().Set("X-Amzn-Errortype", code)
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]string{"__type": code, "message": msg})
}
