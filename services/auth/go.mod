module github.com/copydesk/copydesk/services/auth

go 1.26.0
