-- Billing records, one per channel (Asterisk's CDR is per party). Times are epoch milliseconds (UTC) so the
-- same queries and bucket arithmetic work on SQLite and PostgreSQL.
CREATE TABLE cdr (
    server              TEXT    NOT NULL,
    uniqueid            TEXT    NOT NULL,
    linkedid            TEXT    NOT NULL,
    source              TEXT    NOT NULL,
    destination         TEXT    NOT NULL,
    caller_id           TEXT    NOT NULL,
    context             TEXT    NOT NULL,
    channel             TEXT    NOT NULL,
    destination_channel TEXT    NOT NULL,
    start_ms            BIGINT  NOT NULL,
    answer_ms           BIGINT,
    end_ms              BIGINT  NOT NULL,
    duration            BIGINT  NOT NULL,
    billable_seconds    BIGINT  NOT NULL,
    disposition         TEXT    NOT NULL,
    hangup_cause        TEXT    NOT NULL,
    account_code        TEXT    NOT NULL,
    user_field          TEXT    NOT NULL,
    recording_file      TEXT    NOT NULL,
    origin              TEXT    NOT NULL,
    PRIMARY KEY (server, uniqueid)
);
CREATE INDEX cdr_start ON cdr (start_ms);
CREATE INDEX cdr_account_start ON cdr (account_code, start_ms);

-- Channels seen created but not yet finished; what gap reconciliation compares CoreShowChannels against.
CREATE TABLE open_channels (
    server        TEXT   NOT NULL,
    uniqueid      TEXT   NOT NULL,
    linkedid      TEXT   NOT NULL,
    channel       TEXT   NOT NULL,
    caller_num    TEXT   NOT NULL,
    caller_name   TEXT   NOT NULL,
    exten         TEXT   NOT NULL,
    context       TEXT   NOT NULL,
    account_code  TEXT   NOT NULL,
    start_ms      BIGINT NOT NULL,
    answer_ms     BIGINT,
    PRIMARY KEY (server, uniqueid)
);

-- Servers known to send Cdr events: for them no lifecycle records are derived, even right after a restart.
CREATE TABLE cdr_servers (
    server TEXT NOT NULL PRIMARY KEY
);
