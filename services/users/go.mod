module github.com/copydesk/copydesk/services/users

go 1.26.0
