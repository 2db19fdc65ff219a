package main

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// deployment is a Deployment of one container named name, with the given
// env items and envFrom items (YAML flow mappings) and service account.
func deployment(name, sa string, env, envFrom []string) string {
	d := fmt.Sprintf("kind: Deployment\nmetadata: { name: %s }\nspec:\n  template:\n    spec:\n", name)
	if sa != "" {
		d += "      serviceAccountName: " + sa + "\n"
	}
	d += "      containers:\n        - name: " + name + "\n"
	if len(env) > 0 {
		d += "          env:\n"
		for _, e := range env {
			d += "            - " + e + "\n"
		}
	}
	if len(envFrom) > 0 {
		d += "          envFrom:\n"
		for _, e := range envFrom {
			d += "            - " + e + "\n"
		}
	}
	return d
}

func secretRef(key string) string {
	return "{ name: " + key + ", valueFrom: { secretKeyRef: { name: copydesk-secrets, key: " + key + " } } }"
}

const (
	fromConfig    = "{ configMapRef: { name: copydesk-config } }"
	bucketConfig  = "kind: ConfigMap\nmetadata: { name: copydesk-config }\ndata: { AWS_S3_BUCKET: files, TRUSTED_PROXIES: 10.0.0.0/8 }"
	emptyConfig   = "kind: ConfigMap\nmetadata: { name: copydesk-config }\ndata: { LOG_LEVEL: info }"
	filesAccount  = "kind: ServiceAccount\nmetadata: { name: copydesk-files, annotations: { eks.amazonaws.com/role-arn: 'arn:aws:iam::0:role/files' } }"
	plainAccount  = "kind: ServiceAccount\nmetadata: { name: copydesk-files }"
	internalCA    = "kind: Issuer\nmetadata: { name: copydesk-ca }\nspec: { ca: { secretName: copydesk-ca } }"
	gatewayMTLS   = "kind: Certificate\nmetadata: { name: gateway }\nspec: { secretName: gateway-tls, issuerRef: { name: copydesk-ca, kind: Issuer } }"
	publicIngress = "kind: Ingress\nmetadata: { name: gateway }\nspec: { tls: [ { hosts: [a.example.com], secretName: %s } ] }"
)

// has reports whether some problem contains every one of parts.
func has(problems []string, parts ...string) bool {
	return slices.ContainsFunc(problems, func(p string) bool {
		for _, s := range parts {
			if !strings.Contains(p, s) {
				return false
			}
		}
		return true
	})
}

func TestSettingsEachDeploymentGetsOnlyItsSecretKeys(t *testing.T) {
	p := checkSettings(objs(t, emptyConfig,
		deployment("users", "", []string{secretRef("MONGO_URI"), secretRef("ADMIN_PASSWORD")}, []string{fromConfig}),
		deployment("campaigns", "", []string{secretRef("MONGO_URI"), secretRef("ADMIN_PASSWORD"), secretRef("SECRETS_KEY")}, nil),
		deployment("llm", "", nil, []string{fromConfig, "{ secretRef: { name: copydesk-secrets } }"}),
		deployment("newcomer", "", []string{secretRef("MONGO_URI")}, nil),
	))
	for _, want := range [][]string{
		{"Deployment/campaigns", "copydesk-secrets/ADMIN_PASSWORD", "campaigns does not read"},
		{"Deployment/campaigns", "copydesk-secrets/SECRETS_KEY"},
		{"Deployment/llm", "takes the whole Secret copydesk-secrets"},
		{"Deployment/newcomer", "copydesk-secrets/MONGO_URI", "secretKeys"},
	} {
		if !has(p, want...) {
			t.Errorf("problems %q\nwant one with %q", p, want)
		}
	}
	if has(p, "Deployment/users") || has(p, "Deployment/campaigns", "MONGO_URI") {
		t.Errorf("a key the process reads flagged: %q", p)
	}
}

func TestSettingsFileStoreAndItsIdentity(t *testing.T) {
	for _, c := range []struct {
		name string
		docs []string
		want []string // parts of the one problem wanted; nil: none
	}{
		{"tickets without a store", []string{emptyConfig, deployment("tickets", "", nil, []string{fromConfig})},
			[]string{"Deployment/tickets", "no file store"}},
		{"knowledge on disk", []string{emptyConfig, deployment("knowledge", "", []string{secretRef("FILES_LINK_SECRET")}, []string{fromConfig})},
			nil},
		{"a link secret as a literal", []string{emptyConfig, deployment("knowledge", "", []string{"{ name: FILES_LINK_SECRET, value: x }"}, []string{fromConfig})},
			[]string{"Deployment/knowledge", "no file store"}},
		{"tickets on S3 without an identity", []string{bucketConfig, plainAccount, deployment("tickets", "copydesk-files", nil, []string{fromConfig})},
			[]string{"Deployment/tickets", "without an AWS identity"}},
		{"tickets on S3 with the default account", []string{bucketConfig, deployment("tickets", "", nil, []string{fromConfig})},
			[]string{"Deployment/tickets", "without an AWS identity"}},
		{"tickets on S3 as an IRSA role", []string{bucketConfig, filesAccount, deployment("tickets", "copydesk-files", nil, []string{fromConfig})},
			nil},
		{"the gateway on S3 needs no identity", []string{bucketConfig, deployment("gateway", "", nil, []string{fromConfig})},
			nil},
		{"the gateway without a store", []string{emptyConfig, deployment("gateway", "", []string{"{ name: TRUSTED_PROXIES, value: 10.0.0.0/8 }"}, []string{fromConfig})},
			[]string{"Deployment/gateway", "no file store"}},
	} {
		p := checkSettings(objs(t, c.docs...))
		switch {
		case c.want == nil && len(p) > 0:
			t.Errorf("%s: problems %q, want none", c.name, p)
		case c.want != nil && (len(p) != 1 || !has(p, c.want...)):
			t.Errorf("%s: problems %q, want only one with %q", c.name, p, c.want)
		}
	}
}

func TestSettingsGatewayNeedsTrustedProxies(t *testing.T) {
	gw := deployment("gateway", "", []string{secretRef("FILES_LINK_SECRET")}, []string{fromConfig})
	if p := checkSettings(objs(t, emptyConfig, gw)); len(p) != 1 || !has(p, "Deployment/gateway", "no TRUSTED_PROXIES") {
		t.Errorf("without TRUSTED_PROXIES: problems %q", p)
	}
	if p := checkSettings(objs(t, bucketConfig, gw)); len(p) != 0 {
		t.Errorf("with TRUSTED_PROXIES from the ConfigMap: problems %q", p)
	}
}

func TestSettingsIngressTLSIsNotAnInternalCertificate(t *testing.T) {
	p := checkSettings(objs(t, internalCA, gatewayMTLS, fmt.Sprintf(publicIngress, "gateway-tls")))
	if len(p) != 1 || !has(p, "Ingress/gateway", "gateway-tls", "Certificate/gateway") {
		t.Errorf("the mTLS secret on the Ingress: problems %q", p)
	}
	if p := checkSettings(objs(t, internalCA, gatewayMTLS, fmt.Sprintf(publicIngress, "gateway-public-tls"))); len(p) != 0 {
		t.Errorf("a public secret of its own: problems %q", p)
	}
}
