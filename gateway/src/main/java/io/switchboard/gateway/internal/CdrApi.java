package io.switchboard.gateway.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.switchboard.recorder.AccountSummary;
import io.switchboard.recorder.CdrQuery;
import io.switchboard.recorder.CdrRecord;
import io.switchboard.recorder.CdrRecorder;
import io.switchboard.recorder.CdrStore;
import io.switchboard.recorder.StatsBucket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The recorded calls over HTTP: {@code /cdr} (a page), {@code /cdr/export.csv} (everything, streamed),
 * {@code /cdr/summary} (per account) and {@code /cdr/stats} (chart buckets). Without a recorder every route answers
 * 404 {@code not_found}, which is how the dashboard knows to hide its charts.
 */
final class CdrApi {
    private static final Logger LOG = LoggerFactory.getLogger(CdrApi.class);
    /** Page size when {@code limit} is not given, and the largest one accepted. */
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;
    /** Most buckets one stats request may span (a week of minutes, a year of hours). */
    static final int MAX_BUCKETS = 10_080;
    /** The instants accepted in a query: four-digit years. */
    private static final Instant EARLIEST = Instant.parse("0000-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999Z");
    private static final Set<String> DISPOSITIONS = Set.of("ANSWERED", "NO ANSWER", "BUSY", "FAILED", "CONGESTION");

    private final CdrStore store;

    /** Over the recorder's database; {@code recorder} may be null (no recorder configured). */
    CdrApi(CdrRecorder recorder) {
        this.store = recorder == null ? null : recorder.store();
    }

    void list(Context ctx) {
        CdrStore s = store();
        int limit = intParam(ctx, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        long offset = longParam(ctx, "offset", 0, 0, Long.MAX_VALUE);
        CdrQuery q = query(ctx).offset(offset).limit(limit).build();
        ObjectNode out = Json.MAPPER.createObjectNode();
        ArrayNode items = out.putArray("items");
        s.find(q).forEach(r -> items.add(record(r)));
        out.put("total", s.count(q));
        out.put("limit", limit);
        out.put("offset", offset);
        Json.write(ctx, 200, out);
    }

    void export(Context ctx) throws IOException {
        CdrStore s = store();
        CdrQuery q = query(ctx).build();
        ctx.status(200).contentType("text/csv; charset=utf-8")
                .header("Content-Disposition", "attachment; filename=\"cdr.csv\"");
        // Rows go straight to the socket. A failure before the first buffer is flushed still becomes a JSON
        // error (nothing was sent yet); one later can only cut the download short, so it is logged.
        Writer w = new BufferedWriter(new OutputStreamWriter(ctx.res().getOutputStream(), StandardCharsets.UTF_8),
                64 * 1024);
        try {
            s.exportCsv(q, w);
            w.flush();
        } catch (RuntimeException e) {
            if (ctx.res().isCommitted()) {
                LOG.warn("CDR export failed after the download started; the client got a truncated file: {}",
                        e.getMessage());
            } else {
                // Not a download after all: the error handler answers JSON.
                ctx.res().setHeader("Content-Disposition", null);
            }
            throw e;
        }
    }

    void summary(Context ctx) {
        CdrStore s = store();
        ArrayNode out = Json.MAPPER.createArrayNode();
        for (AccountSummary a : s.summary(query(ctx).build())) {
            ObjectNode n = out.addObject();
            n.put("accountCode", a.accountCode());
            n.put("calls", a.calls());
            n.put("minutes", a.minutes());
            n.put("billableMinutes", a.billableMinutes());
            n.put("durationSeconds", a.durationSeconds());
            n.put("billableSeconds", a.billableSeconds());
        }
        Json.write(ctx, 200, out);
    }

    void stats(Context ctx) {
        CdrStore s = store();
        StatsBucket.Size size = switch (param(ctx, "bucket", "minute")) {
            case "minute" -> StatsBucket.Size.MINUTE;
            case "hour" -> StatsBucket.Size.HOUR;
            default -> throw ApiException.badRequest("bucket", "must be minute or hour");
        };
        long len = size.length().toMillis();
        Instant to = instant(ctx, "to");
        Instant from = instant(ctx, "from");
        if (to == null) {
            to = from != null && from.isAfter(Instant.now()) ? from : Instant.now();
        }
        if (from == null) {
            // The dashboard's window: the last hour of minutes, or the last day of hours.
            from = to.minus(size == StatsBucket.Size.MINUTE ? Duration.ofHours(1) : Duration.ofDays(1));
        }
        order(from, to);
        long first = Math.floorDiv(from.toEpochMilli(), len) * len;
        long buckets = (to.toEpochMilli() - first + len - 1) / len;
        if (buckets > MAX_BUCKETS) {
            throw ApiException.badRequest("from", "spans " + buckets + " buckets of a " + size.name()
                    .toLowerCase(Locale.ROOT) + "; at most " + MAX_BUCKETS);
        }
        String server = text(ctx, "server");
        Map<Long, StatsBucket> found = new HashMap<>();
        for (StatsBucket b : s.buckets(CdrQuery.builder().from(from).to(to).server(server).build(), size)) {
            found.put(b.bucketStart().toEpochMilli(), b);
        }
        // Every bucket of the range, empty ones as zero, so a chart's x axis is time and not "minutes with calls".
        ArrayNode out = Json.MAPPER.createArrayNode();
        for (long t = first; t < to.toEpochMilli(); t += len) {
            StatsBucket b = found.get(t);
            ObjectNode n = out.addObject();
            n.put("bucketStart", Instant.ofEpochMilli(t).toString());
            n.put("calls", b == null ? 0 : b.calls());
            n.put("avgDurationSeconds", b == null ? 0.0 : b.avgDurationSeconds());
        }
        Json.write(ctx, 200, out);
    }

    private CdrStore store() {
        if (store == null) {
            throw ApiException.notFound("no call recorder is configured (recorder: in switchboard.yml)");
        }
        return store;
    }

    /** The filters shared by the list, the export and the summary. */
    private static CdrQuery.Builder query(Context ctx) {
        Instant from = instant(ctx, "from");
        Instant to = instant(ctx, "to");
        if (from != null && to != null) {
            order(from, to);
        }
        String disposition = text(ctx, "disposition");
        if (disposition != null) {
            disposition = disposition.toUpperCase(Locale.ROOT).replace('_', ' ');
            if (!DISPOSITIONS.contains(disposition)) {
                throw ApiException.badRequest("disposition", "must be one of ANSWERED, NO ANSWER, BUSY, FAILED,"
                        + " CONGESTION");
            }
        }
        return CdrQuery.builder().from(from).to(to).server(text(ctx, "server"))
                .accountCode(text(ctx, "accountCode")).disposition(disposition);
    }

    private static void order(Instant from, Instant to) {
        if (from.isAfter(to)) {
            throw ApiException.badRequest("from", "must not be after to");
        }
    }

    /** A query parameter with CR/LF refused; null when absent. Empty counts as given (an empty account code). */
    private static String text(Context ctx, String name) {
        return Json.safe(name, ctx.queryParam(name));
    }

    private static String param(Context ctx, String name, String dflt) {
        String v = text(ctx, name);
        return v == null ? dflt : v;
    }

    private static Instant instant(Context ctx, String name) {
        String v = text(ctx, name);
        if (v == null) {
            return null;
        }
        Instant t;
        try {
            t = Instant.parse(v);
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest(name, "must be an ISO-8601 instant such as 2026-01-31T23:00:00Z");
        }
        // ISO-8601 allows years up to a billion, which overflow the milliseconds the store and the buckets use.
        if (t.isBefore(EARLIEST) || t.isAfter(LATEST)) {
            throw ApiException.badRequest(name, "must be between years 0000 and 9999");
        }
        return t;
    }

    private static int intParam(Context ctx, String name, int dflt, int min, int max) {
        return (int) longParam(ctx, name, dflt, min, max);
    }

    private static long longParam(Context ctx, String name, long dflt, long min, long max) {
        String v = text(ctx, name);
        if (v == null) {
            return dflt;
        }
        try {
            long n = Long.parseLong(v);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiException.badRequest(name, "must be an integer from " + min + " to " + max);
    }

    /** Every field of the record; times ISO-8601 UTC, {@code answer} null when never answered. */
    static ObjectNode record(CdrRecord r) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("server", r.server());
        n.put("uniqueid", r.uniqueid());
        n.put("leg", r.leg());
        n.put("linkedid", r.linkedid());
        n.put("source", r.source());
        n.put("destination", r.destination());
        n.put("callerId", r.callerId());
        n.put("context", r.context());
        n.put("channel", r.channel());
        n.put("destinationChannel", r.destinationChannel());
        n.put("start", r.start().toString());
        n.put("answer", r.answer() == null ? null : r.answer().toString());
        n.put("end", r.end().toString());
        n.put("duration", r.duration());
        n.put("billableSeconds", r.billableSeconds());
        n.put("disposition", r.disposition());
        n.put("hangupCause", r.hangupCause());
        n.put("accountCode", r.accountCode());
        n.put("userField", r.userField());
        n.put("recordingFile", r.recordingFile());
        n.put("origin", r.origin().name());
        return n;
    }
}
