package principal_test

import (
	"bytes"
	"log/slog"
	"strings"
	"testing"

	"github.com/copydesk/copydesk/pkg/principal"
)

// A principal logged whole never shows its token, only who it is.
func TestLogValueHidesToken(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	log := slog.New(slog.NewJSONHandler(&buf, nil))
	p := principal.Principal{UserID: "u1", CompanyID: "c1", Role: principal.RoleCompanyAdmin, Token: "eyJhbGciOi.secret.token"}
	log.Info("call", "principal", p)
	out := buf.String()
	if strings.Contains(out, "secret") || !strings.Contains(out, `"user_id":"u1"`) || !strings.Contains(out, `"role":"company_admin"`) {
		t.Fatalf("logged %s", out)
	}
}
