package expression

import (
	"errors"
	"testing"
	"time"
)

func TestDateFilter(t *testing.T) {
	runRenderCases(t, []renderCase{
		{name: "iso_default", tpl: "{{ zoned | date }}", want: "2013-09-08T15:19:12.123456Z"},
		{name: "iso_utc", tpl: "{{ zoned | date(timeZone='UTC') }}", want: "2013-09-08T15:19:12.123456Z"},
		{name: "iso_paris_summer", tpl: "{{ zoned | date(timeZone='Europe/Paris') }}", want: "2013-09-08T17:19:12.123456+02:00"},
		{name: "pattern_with_zone_name", tpl: "{{ d | date('yyyy-MM-dd HH:mm:ss z', timeZone='Europe/Paris') }}", want: "2024-03-10 02:30:00 CET"},
		{name: "day_before_in_new_york", tpl: "{{ d | date('EEE, d MMM yyyy', timeZone='America/New_York') }}", want: "Sat, 9 Mar 2024"},
		{name: "locale_fr", tpl: "{{ d | date('EEEE d MMMM yyyy', locale='fr') }}", want: "dimanche 10 mars 2024"},
		{name: "locale_fr_region", tpl: "{{ d | date('EEE d MMM', locale='fr_FR') }}", want: "dim. 10 mars"},
		{name: "locale_de", tpl: "{{ d | date('EEEE, d. MMMM yyyy', locale='de') }}", want: "Sonntag, 10. März 2024"},
		{name: "locale_es", tpl: "{{ d | date('EEEE d MMMM', locale='es') }}", want: "domingo 10 marzo"},
		{name: "local_date_time_in_utc", tpl: "{{ local | date('iso') }}", want: "2024-03-10T10:20:30.000000Z"},
		{name: "local_date_time_in_zone", tpl: "{{ local | date('iso', timeZone='Europe/Paris') }}", want: "2024-03-10T10:20:30.000000+01:00"},
		{name: "local_date_start_of_day", tpl: "{{ day | date('iso') }}", want: "2024-03-10T00:00:00.000000Z"},
		{name: "epoch_seconds", tpl: "{{ 0 | date('iso_sec') }}|{{ 1378653552 | date('iso_sec', timeZone='UTC') }}", want: "1970-01-01T00:00:00Z|2013-09-08T15:19:12Z"},
		{name: "iso_named", tpl: "{{ d | date('iso_date') }}|{{ d | date('iso_time') }}|{{ d | date('iso_local_time') }}|{{ d | date('iso_local_date') }}|{{ d | date('iso_local_date_time') }}", want: "2024-03-10Z|01:30:00Z|01:30:00|2024-03-10|2024-03-10T01:30:00"},
		{name: "iso_fractions", tpl: "{{ zoned | date('iso_local_time') }}|{{ zoned | date('iso_instant') }}|{{ '2024-01-01T00:00:00.5Z' | date('iso_instant') }}|{{ '2024-01-01T00:00:00.5Z' | date('iso_local_time') }}", want: "15:19:12.123456|2013-09-08T15:19:12.123456Z|2024-01-01T00:00:00.500Z|00:00:00.5"},
		{name: "iso_offset_time", tpl: "{{ d | date('iso_offset_time', timeZone='Europe/Paris') }}", want: "02:30:00+01:00"},
		{name: "iso_zoned", tpl: "{{ d | date('iso_zoned_date_time', timeZone='Europe/Paris') }}|{{ d | date('iso_zoned_date_time', timeZone='UTC') }}|{{ d | date('iso_date_time', timeZone='+02:00') }}", want: "2024-03-10T02:30:00+01:00[Europe/Paris]|2024-03-10T01:30:00Z[UTC]|2024-03-10T03:30:00+02:00"},
		{name: "rfc_1123", tpl: "{{ d | date('rfc_1123_date_time') }}|{{ d | date('rfc_1123_date_time', timeZone='Europe/Paris') }}", want: "Sun, 10 Mar 2024 01:30:00 GMT|Sun, 10 Mar 2024 02:30:00 +0100"},
		{name: "iso_week_ordinal", tpl: "{{ d | date('iso_week_date') }}|{{ d | date('iso_ordinal_date') }}", want: "2024-W10-7Z|2024-070Z"},
		{name: "sql", tpl: "{{ zoned | date('sql') }}|{{ d | date('sql_seq') }}", want: "2013-09-08 15:19:12.123456|2024-03-10 01:30:00"},
		{name: "styles", tpl: "{{ d | date('medium') }}|{{ d | date('short') }}", want: "Mar 10, 2024, 1:30:00 AM|3/10/24, 1:30 AM"},
		{name: "pattern_fields", tpl: "{{ zoned | date('yy-M-d H:m:s.SSS a h K k') }}", want: "13-9-8 15:19:12.123 PM 3 3 15"},
		{name: "pattern_offsets_kolkata", tpl: "{{ d | date('XXX xx Z ZZZZ O X', timeZone='Asia/Kolkata') }}", want: "+05:30 +0530 +0530 GMT+05:30 GMT+5:30 +0530"},
		{name: "pattern_offsets_utc", tpl: "{{ d | date('XXX|xx|Z|ZZZZ|O|ZZZZZ|VV') }}", want: "Z|+0000|+0000|GMT|GMT|Z|UTC"},
		{name: "pattern_zone_id", tpl: "{{ d | date('VV zzzz', timeZone='Europe/Paris') }}", want: "Europe/Paris Central European Standard Time"},
		{name: "pattern_quotes", tpl: "{{ d | date(\"yyyy'T''s'''\") }}", want: "2024T's'"},
		{name: "pattern_quarter_doy_era", tpl: "{{ d | date('Q QQQ QQQQ D DDD G') }}", want: "1 Q1 1st quarter 70 070 AD"},
		{name: "pattern_week_fields_us", tpl: "{{ '2024-12-29' | date('YYYY-ww e') }}|{{ '2024-12-28' | date('YYYY-ww W') }}|{{ '2024-01-01' | date('w') }}", want: "2025-01 1|2024-52 4|1"},
		{name: "pattern_week_fields_iso", tpl: "{{ '2024-12-30' | date('YYYY-ww e', locale='fr') }}|{{ '2024-12-29' | date('YYYY-ww', locale='de') }}", want: "2025-01 1|2024-52"},
		{name: "pattern_narrow", tpl: "{{ d | date('EEEEE MMMMM') }}", want: "S M"},
		{name: "pattern_optional_section", tpl: "{{ d | date('HH:mm[:ss]') }}", want: "01:30:00"},
		{name: "pattern_fraction_nano", tpl: "{{ zoned | date('SSSSSSSSS n') }}", want: "123456000 123456000"},
		{name: "pattern_unknown_letter", tpl: "{{ d | date('yyyy bb') }}", err: "Unknown pattern letter: b"},
		{name: "pattern_reserved", tpl: "{{ d | date('yyyy#') }}", err: "reserved character"},
		{name: "pattern_unclosed_quote", tpl: "{{ d | date(\"yyyy'x\") }}", err: "incomplete string literal"},
		{name: "year_above_9999", tpl: "{{ 253402300800 | date('iso_sec') }}", want: "+10000-01-01T00:00:00Z"},
		{name: "existing_format", tpl: "{{ '10/03/2024 14:05' | date('yyyy-MM-dd HH:mm', existingFormat='dd/MM/yyyy HH:mm') }}", want: "2024-03-10 14:05"},
		{name: "existing_format_month_name", tpl: "{{ 'March 5, 2024' | date('iso_local_date', existingFormat='MMMM d, yyyy') }}", want: "2024-03-05"},
		{name: "existing_format_adjacent", tpl: "{{ '20240310' | date('iso_local_date', existingFormat='yyyyMMdd') }}", want: "2024-03-10"},
		{name: "existing_format_offset", tpl: "{{ '2024-03-10 10:00 +0200' | date('iso_sec', existingFormat='yyyy-MM-dd HH:mm Z') }}", want: "2024-03-10T08:00:00Z"},
		{name: "existing_format_ampm", tpl: "{{ '03/10/2024 02:05 PM' | date('HH:mm', existingFormat='MM/dd/yyyy hh:mm a') }}", want: "14:05"},
		{name: "existing_format_named", tpl: "{{ '2024-03-10 10:00:00' | date('iso_sec', existingFormat='sql_seq') }}", want: "2024-03-10T10:00:00Z"},
		{name: "existing_format_mismatch", tpl: "{{ '2024/03/10' | date('iso', existingFormat='yyyy-MM-dd') }}", err: "could not be parsed"},
		{name: "invalid_date_string", tpl: "{{ 'garbage' | date }}", err: "Text 'garbage' could not be parsed"},
		{name: "invalid_day", tpl: "{{ '2024-02-30' | date }}", err: "could not be parsed"},
		{name: "not_a_date", tpl: "{{ true | date }}", err: "Unable to parse date"},
		{name: "null_date", tpl: "[{{ inputs.opt | date }}]", want: "[]"},
		{name: "unknown_zone", tpl: "{{ d | date(timeZone='Mars/Base') }}", err: "Unknown time-zone ID: Mars/Base"},
		{name: "offset_zones", tpl: "{{ d | date('iso_sec', timeZone='+02:00') }}|{{ d | date('iso_sec', timeZone='UTC+3') }}|{{ d | date('iso_sec', timeZone='GMT-01:30') }}|{{ d | date('iso_sec', timeZone='Z') }}", want: "2024-03-10T03:30:00+02:00|2024-03-10T04:30:00+03:00|2024-03-10T00:00:00-01:30|2024-03-10T01:30:00Z"},
		{name: "zoned_with_region_suffix", tpl: "{{ '2024-07-01T12:00:00+02:00[Europe/Paris]' | date('iso_zoned_date_time') }}", want: "2024-07-01T10:00:00Z[UTC]"},
		{name: "lowercase_t_and_z", tpl: "{{ '2024-03-10t01:30:00z' | date('iso_sec') }}", want: "2024-03-10T01:30:00Z"},
	})
}

func TestDateAddAndTimestamps(t *testing.T) {
	runRenderCases(t, []renderCase{
		{name: "add_days", tpl: "{{ d | dateAdd(1, 'DAYS') }}", want: "2024-03-11T01:30:00.000000Z"},
		{name: "sub_hours_format", tpl: "{{ d | dateAdd(-2, 'HOURS', format='iso_sec') }}", want: "2024-03-09T23:30:00Z"},
		{name: "named_args", tpl: "{{ d | dateAdd(amount=90, unit='MINUTES', format='HH:mm') }}", want: "03:00"},
		{name: "small_units", tpl: "{{ d | dateAdd(1500, 'MILLIS', format='ss.SSS') }}|{{ d | dateAdd(7, 'NANOS', format='n') }}|{{ d | dateAdd(3, 'MICROS', format='SSSSSS') }}", want: "01.500|7|000003"},
		{name: "weeks", tpl: "{{ d | dateAdd(1, 'WEEKS', format='iso_local_date') }}", want: "2024-03-17"},
		{name: "month_clamps", tpl: "{{ '2024-01-31' | dateAdd(1, 'MONTHS', format='iso_local_date') }}|{{ '2024-03-31' | dateAdd(-1, 'MONTHS', format='iso_local_date') }}|{{ '2024-12-15' | dateAdd(1, 'MONTHS', format='iso_local_date') }}", want: "2024-02-29|2024-02-29|2025-01-15"},
		{name: "years_leap", tpl: "{{ '2024-02-29' | dateAdd(1, 'YEARS', format='iso_local_date') }}|{{ '2024-02-29' | dateAdd(-1, 'DECADES', format='iso_local_date') }}", want: "2025-02-28|2014-02-28"},
		{name: "dst_days_keep_local_time", tpl: "{{ '2024-03-30T12:00:00+01:00[Europe/Paris]' | dateAdd(1, 'DAYS', timeZone='Europe/Paris', format='iso_sec') }}", want: "2024-03-31T12:00:00+02:00"},
		{name: "dst_hours_move_instant", tpl: "{{ '2024-03-30T12:00:00+01:00[Europe/Paris]' | dateAdd(24, 'HOURS', timeZone='Europe/Paris', format='iso_sec') }}", want: "2024-03-31T13:00:00+02:00"},
		{name: "unknown_unit", tpl: "{{ d | dateAdd(1, 'FOO') }}", err: "No enum constant java.time.temporal.ChronoUnit.FOO"},
		{name: "amount_required", tpl: "{{ d | dateAdd }}", err: `"amount" of "dateAdd" is required`},
		{name: "null_input", tpl: "[{{ null | dateAdd(1, 'DAYS') }}]", want: "[]"},
		{name: "timestamp", tpl: "{{ d | timestamp }}|{{ zoned | timestamp }}|{{ day | timestamp(timeZone='Europe/Paris') }}", want: "1710034200|1378653552|1710025200"},
		{name: "timestamp_units", tpl: "{{ zoned | timestampMilli }}|{{ zoned | timestampMicro }}|{{ zoned | timestampNano }}", want: "1378653552123|1378653552123456|1378653552123456000"},
		{name: "timestamp_compare", tpl: "{{ (d | timestamp) > (d | dateAdd(-1, 'SECONDS') | timestamp) }}", want: "true"},
		{name: "now", tpl: "{{ now() }}|{{ now(format='yyyy') }}|{{ now(timeZone='America/New_York') }}", want: "2026-01-02T03:04:05.123000Z|2026|2026-01-01T22:04:05.123000-05:00"},
		{name: "now_pipeline", tpl: "{{ now() | dateAdd(-1, 'DAYS', format='iso_local_date') }}", want: "2026-01-01"},
		{name: "execution_start_date", tpl: "{{ execution.startDate | date('yyyy-MM-dd') }}", want: "2026-01-02"},
	})
}

func TestDatesUseContextZoneAndProvider(t *testing.T) {
	eng := NewEngine(0)
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Fatal(err)
	}
	ctx := Context{Vars: MapOf("d", "2024-07-01T10:00:00Z"), TimeZone: paris, Locale: "fr"}
	got, err := eng.Render("{{ d | date('EEEE HH:mm XXX') }}|{{ 1234.5 | numberFormat('#,##0.0') }}", ctx)
	if err != nil {
		t.Fatal(err)
	}
	if want := "lundi 12:00 +02:00|1\u202f234,5"; got != want {
		t.Fatalf("got %q, want %q", got, want)
	}
	_, err = eng.Render("{{ now() }}", Context{})
	if !errors.Is(err, ErrNotProvided) {
		t.Fatalf("now() without provider: got %v, want ErrNotProvided", err)
	}
	if err == nil || err.Error() != "now(): not available in this context ({{ now() }}:1)" {
		t.Fatalf("unexpected message %q", err)
	}
}
