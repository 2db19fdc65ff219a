module github.com/copydesk/copydesk/tools/devstack

go 1.26.0

require github.com/FerretDB/FerretDB v1.24.2 // indirect
