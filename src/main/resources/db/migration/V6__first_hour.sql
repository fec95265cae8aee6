-- A failure's own words beside Baton's: the CLI's text and the Anthropic API's HTTP status (issue 11).
alter table session_turns add column error_cli_message text;
alter table session_turns add column error_api_status integer;
alter table task_executions add column error_cli_message text;
alter table task_executions add column error_api_status integer;
