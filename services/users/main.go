// Command users serves companies and users (CompanyService, UserService)
// and the internal DirectoryService used by auth for logins. On start it
// applies the database migrations and bootstraps the system company and
// the first superadmin.
package main

import (
	"context"
	"fmt"

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
		Hasher:    password.New(password.Default),
	})
	res, err := svc.Bootstrap(ctx, c.AdminEmail, c.AdminPassword)
	if err != nil {
		return err
	}
	if res.Created {
		env.Log.InfoContext(ctx, "superadmin created", "email", res.Email)
		if res.Password != "" { // shown once on stdout, never in the logs
			fmt.Fprintf(env.Stdout, "Superadmin created: email=%s password=%s\n", res.Email, res.Password)
		}
	}
	transport.Register(env.Server, svc)
	return nil
}
