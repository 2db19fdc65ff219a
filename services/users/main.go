// Command users serves companies and users (CompanyService, UserService)
// and the internal DirectoryService used by auth for logins. On start it
// applies the database migrations and bootstraps the system company and
// the first superadmin.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	usersv1 "github.com/copydesk/copydesk/gen/copydesk/users/v1"
	"github.com/copydesk/copydesk/pkg/service"
	"github.com/copydesk/copydesk/services/users/internal/domain"
	"github.com/copydesk/copydesk/services/users/internal/password"
	"github.com/copydesk/copydesk/services/users/internal/store"
	"github.com/copydesk/copydesk/services/users/internal/transport"
)

func main() { service.Main(spec) }

var spec = service.Spec[Config]{
	Name: usersv1.UserService_ServiceDesc.ServiceName, Load: LoadConfig,
	Migrations: store.Migrations, Policy: transport.Policy(), Wire: wire,
}

func wire(ctx context.Context, env *service.Env, c Config) error {
	st := store.New(env.DB)
	svc := domain.New(domain.Deps{
		Companies: st,
		Users:     st,
		Hasher:    password.NewLimited(password.Default, c.HashConcurrency),
		Throttle:  domain.PasswordThrottle{MaxFailures: c.PasswordMaxFailures, Window: c.PasswordWindow},
	})
	if c.AdminPassword == "" && c.DataDir == "" {
		// a generated password would have nowhere to go but the logs
		if has, err := st.HasSuperadmin(ctx); err != nil {
			return err
		} else if !has {
			return errors.New("no superadmin exists yet: set ADMIN_PASSWORD, or DATA_DIR to have a generated one written to a file there")
		}
	}
	res, err := svc.Bootstrap(ctx, c.AdminEmail, c.AdminPassword)
	if err != nil {
		return err
	}
	if res.Created {
		env.Log.InfoContext(ctx, "superadmin created", "email", res.Email)
		if res.Password != "" { // into a private file, never into the logs
			path := filepath.Join(c.DataDir, "admin_password")
			if err := writePrivate(path, res.Password+"\n"); err != nil {
				return fmt.Errorf("write the generated superadmin password: %w", err)
			}
			fmt.Fprintf(env.Stdout, "Superadmin created: email=%s; its generated password is in %s (mode 0600)\n", res.Email, path)
		}
	}
	env.Every("purge session cut-offs and password failures", time.Hour, func(ctx context.Context) error {
		_, err := svc.PurgeCutoffs(ctx)
		if err == nil {
			_, err = svc.PurgePasswordFailures(ctx)
		}
		return err
	})
	transport.Register(env.Server, svc)
	return nil
}

// writePrivate writes a file only its owner can read (0600, also when it
// existed with wider permissions).
func writePrivate(path, content string) error {
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		return err
	}
	return os.Chmod(path, 0o600)
}
