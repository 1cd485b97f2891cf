using Microsoft.EntityFrameworkCore;
using VisitsCapture.Core.Domain;
using VisitsCapture.IntegrationTests.Infrastructure;

namespace VisitsCapture.IntegrationTests;

public sealed class CaptureImportTests(HallFixture fixture) : CaptureImportTests<HallFixture>(fixture);

public sealed class PostgresCaptureImportTests(PostgresHallFixture fixture) : CaptureImportTests<PostgresHallFixture>(fixture);

/// <summary>The sessions and visits imports of DESIGN.md: all or nothing, and a repeat changes nothing.</summary>
public abstract class CaptureImportTests<TFixture>(TFixture fixture) : IClassFixture<TFixture> where TFixture : AppFixture<ClockedAppFactory>
{
    private ClockedAppFactory App => fixture.App;

    private const string SessionsHeader = "establishment,date,start,end,type,capacity_visits,capacity_visitors,status\n";
    private const string VisitsHeader = "establishment,date,session_start,prisoner,outcome,adults,children_0_4,children_5_11,children_12_17,relationship,first_visit,visitor_postcode,client_id\n";

    [Fact]
    public async Task Sessions_import_adds_then_changes_nothing_on_repeat_and_updates_a_changed_row()
    {
        var e = await App.AddEstablishmentAsync("SIA");
        var csv = SessionsHeader
            + "SIA,2025-04-07,14:00,16:00,Social,20,60,Planned\n"
            + "sia,2025-04-07,09:30,11:00,official,4,8,planned\n"
            + "SIA,2025-04-12,10:00,15:00,EnhancedFamily,10,40,cancelled\n"
            + "SIA,2025-04-13,10:00,12:00,Video,6,12,CancelledByEstablishment\n";

        var first = await App.ImportAsync("sessions", csv);
        var again = await App.ImportAsync("sessions", csv);
        var changed = await App.ImportAsync("sessions", csv.Replace("Social,20,60", "Social,25,60"));

        Assert.True(first.Succeeded, string.Join("; ", first.Errors));
        Assert.Equal((4, 4, 0, 0), (first.Rows, first.Added, first.Updated, first.Unchanged));
        Assert.Equal((0, 0, 4), (again.Added, again.Updated, again.Unchanged));
        Assert.Equal((0, 1, 3), (changed.Added, changed.Updated, changed.Unchanged));
        var sessions = await App.WithDbAsync(db => db.Sessions.AsNoTracking().Where(s => s.EstablishmentId == e.Id).OrderBy(s => s.Date).ThenBy(s => s.Start).ToListAsync());
        Assert.Equal(4, sessions.Count);
        Assert.Equal((SessionType.Official, new TimeOnly(9, 30), SessionStatus.Planned), (sessions[0].Type, sessions[0].Start, sessions[0].Status));
        Assert.Equal(25, sessions[1].CapacityVisits);
        Assert.Equal(SessionStatus.CancelledByEstablishment, sessions[2].Status);
        Assert.Equal(SessionStatus.CancelledByEstablishment, sessions[3].Status);
        Assert.All(sessions, s => Assert.Equal(202504, s.Month));
    }

    [Fact]
    public async Task Unknown_establishments_are_reported_as_by_every_import_without_repeating_what_is_not_a_code()
    {
        await App.AddEstablishmentAsync("SIU");
        var sessions = await App.ImportAsync("sessions", SessionsHeader
            + "nope,2025-04-07,14:00,16:00,Social,20,60,Planned\n"
            + ",2025-04-08,14:00,16:00,Social,20,60,Planned\n");
        var visits = await App.ImportAsync("visits", VisitsHeader
            + $"A1234BC,2025-04-07,14:00,A1234BC,Attended,1,0,0,0,Partner,no,,{Guid.NewGuid()}\n");

        Assert.Contains(sessions.Errors, x => (x.Row, x.Column, x.Message) == (2, "establishment", "\"NOPE\" is not a known establishment code"));
        Assert.Contains(sessions.Errors, x => (x.Row, x.Column, x.Message) == (3, "establishment", "a value is required"));
        // A prison number in the wrong column is personal data: not repeated back.
        Assert.Contains(visits.Errors, x => (x.Row, x.Column, x.Message) == (2, "establishment", "the value is not a known establishment code"));
    }

    [Fact]
    public async Task A_sessions_file_with_one_bad_row_writes_nothing_and_says_which_row()
    {
        var e = await App.AddEstablishmentAsync("SIB");
        var csv = SessionsHeader
            + "SIB,2025-04-07,14:00,16:00,Social,20,60,Planned\n"
            + "SIB,2025-04-08,14:00,13:00,Disco,-5,60,Maybe\n"
            + "XXX,2025-04-09,14:00,16:00,Social,20,60,Planned\n"
            + "SIB,2025-04-07,14:00,16:30,Social,20,60,Planned\n";

        var result = await App.ImportAsync("sessions", csv);

        Assert.False(result.Succeeded);
        Assert.Contains(result.Errors, x => x.Row == 3 && x.Column == "end");
        Assert.Contains(result.Errors, x => x.Row == 3 && x.Column == "type");
        Assert.Contains(result.Errors, x => x.Row == 3 && x.Column == "capacity_visits");
        Assert.Contains(result.Errors, x => x.Row == 3 && x.Column == "status");
        Assert.Contains(result.Errors, x => x.Row == 4 && x.Column == "establishment" && x.Message.Contains("XXX"));
        Assert.Contains(result.Errors, x => x.Row == 5 && x.Message.Contains("row 2"));
        Assert.Equal(0, await App.WithDbAsync(db => db.Sessions.CountAsync(s => s.EstablishmentId == e.Id)));
    }

    [Fact]
    public async Task Visits_import_checks_like_the_hall_cuts_postcodes_to_districts_and_is_idempotent_by_client_id()
    {
        var e = await App.AddEstablishmentAsync("VIA");
        Assert.True((await App.ImportAsync("sessions", SessionsHeader + "VIA,2025-05-05,14:00,16:00,Social,20,60,Planned\n")).Succeeded);
        var ids = Enumerable.Range(0, 3).Select(_ => Guid.NewGuid()).ToList();
        var csv = VisitsHeader
            + $"VIA,2025-05-05,14:00,a1234bc,Attended,2,1,0,0,Partner,yes,WV10 6AA,{ids[0]}\n"
            + $"VIA,2025-05-05,14:00,B2345CD,no_show,1,0,0,0,other_family,no,,{ids[1]}\n"
            + $"VIA,2025-05-05,14:00,C3456DE,,1,0,2,1,,,b29,{ids[2]}\n";

        var first = await App.ImportAsync("visits", csv);
        var again = await App.ImportAsync("visits", csv);

        Assert.True(first.Succeeded, string.Join("; ", first.Errors));
        Assert.Equal((3, 3, 0, 0), (first.Rows, first.Added, first.Updated, first.Unchanged));
        Assert.True(again.Succeeded);
        Assert.Equal((0, 0, 3), (again.Added, again.Updated, again.Unchanged));
        var visits = await App.WithDbAsync(db => db.Visits.AsNoTracking().Where(v => v.EstablishmentId == e.Id).ToDictionaryAsync(v => v.ClientId));
        Assert.Equal(3, visits.Count);
        Assert.Equal(("A1234BC", VisitOutcome.Attended, "WV10", Relationship.Partner, true), (visits[ids[0]].Prisoner, visits[ids[0]].Outcome!.Value, visits[ids[0]].VisitorDistrict!, visits[ids[0]].Relationship!.Value, visits[ids[0]].FirstVisit));
        Assert.Equal((VisitOutcome.NoShow, Relationship.OtherFamily, (string?)null), (visits[ids[1]].Outcome!.Value, visits[ids[1]].Relationship!.Value, visits[ids[1]].VisitorDistrict));
        Assert.Null(visits[ids[2]].Outcome);
        Assert.Equal("B29", visits[ids[2]].VisitorDistrict);
        Assert.Equal((2, 1), (visits[ids[2]].Children5To11, visits[ids[2]].Children12To17));
        Assert.All(visits.Values, v => Assert.Equal((new DateOnly(2025, 5, 5), 202505), (v.Date, v.Month)));
        Assert.All(visits.Values, v => Assert.Equal(64, v.PayloadHash.Length));
        // Full postcodes are nowhere, not even in the audit log.
        Assert.False(await App.WithDbAsync(db => db.AuditEvents.AnyAsync(a => a.After!.Contains("6AA"))));

        var changed = await App.ImportAsync("visits", csv.Replace("Attended,2,1", "Attended,3,1"));
        Assert.Equal((0, 1, 2), (changed.Added, changed.Updated, changed.Unchanged));
        Assert.Equal(3, await App.WithDbAsync(db => db.Visits.Where(v => v.ClientId == ids[0]).Select(v => v.Adults).SingleAsync()));
    }

    /// <summary>DESIGN.md Interfaces: history from another system keeps its own visit references as client_id.</summary>
    [Fact]
    public async Task Visits_import_takes_another_systems_references_as_client_id_and_a_repeat_changes_nothing()
    {
        var e = await App.AddEstablishmentAsync("VIR");
        Assert.True((await App.ImportAsync("sessions", SessionsHeader + "VIR,2025-05-05,14:00,16:00,Social,20,60,Planned\n")).Succeeded);
        var uuid = Guid.NewGuid();
        var csv = VisitsHeader
            + "VIR,2025-05-05,14:00,A1234BC,Attended,2,0,0,0,Partner,yes,,NOMIS-VISIT-000123\n"
            + "VIR,2025-05-05,14:00,B2345CD,Attended,1,0,0,0,,,,\"legacy ref 42, booth 3\"\n"
            + $"VIR,2025-05-05,14:00,C3456DE,Attended,1,0,0,0,,,,{uuid.ToString().ToUpperInvariant()}\n";

        var first = await App.ImportAsync("visits", csv);
        var before = await App.WithDbAsync(db => db.Visits.AsNoTracking().Where(v => v.EstablishmentId == e.Id).OrderBy(v => v.Id).Select(v => new { v.ClientId, v.Version }).ToListAsync());
        var again = await App.ImportAsync("visits", csv);

        Assert.True(first.Succeeded, string.Join("; ", first.Errors));
        Assert.Equal((3, 3, 0, 0), (first.Rows, first.Added, first.Updated, first.Unchanged));
        Assert.Equal((0, 0, 3), (again.Added, again.Updated, again.Unchanged));
        var after = await App.WithDbAsync(db => db.Visits.AsNoTracking().Where(v => v.EstablishmentId == e.Id).OrderBy(v => v.Id).Select(v => new { v.ClientId, v.Version }).ToListAsync());
        Assert.Equal(before, after);
        Assert.Equal([Guid.Parse("32c76d25-e7b2-55f2-b6d9-31670e7ab2b0"), ClientKey.From("legacy ref 42, booth 3", out _)!.Value, uuid], after.Select(v => v.ClientId));
    }

    [Fact]
    public async Task A_client_id_that_is_empty_too_long_or_not_printable_is_refused_with_the_reason()
    {
        var e = await App.AddEstablishmentAsync("VIC");
        Assert.True((await App.ImportAsync("sessions", SessionsHeader + "VIC,2025-05-05,14:00,16:00,Social,20,60,Planned\n")).Succeeded);
        var row = "VIC,2025-05-05,14:00,A1234BC,Attended,1,0,0,0,,,,";

        var result = await App.ImportAsync("visits", VisitsHeader
            + row + "\n"
            + row + new string('r', 101) + "\n"
            + row + "ref\u0007bell\n"
            + row + new string('r', 100) + "\n");

        Assert.False(result.Succeeded);
        Assert.Equal(
            [(2, "a value is required: the visit's UUID or another system's visit reference"),
             (3, "is 101 characters long: use 1 to 100 printable characters"),
             (4, "has a character that cannot be printed at position 4: use 1 to 100 printable characters")],
            result.Errors.Where(x => x.Column == "client_id").Select(x => (x.Row, x.Message)));
        Assert.Equal(0, await App.WithDbAsync(db => db.Visits.CountAsync(v => v.EstablishmentId == e.Id)));
    }

    [Fact]
    public async Task A_visits_file_with_one_bad_row_writes_nothing_and_a_row_without_its_session_is_an_error()
    {
        var e = await App.AddEstablishmentAsync("VIB");
        Assert.True((await App.ImportAsync("sessions", SessionsHeader + "VIB,2025-05-05,14:00,16:00,Social,20,60,Planned\n")).Succeeded);
        var good = VisitsHeader + $"VIB,2025-05-05,14:00,A1234BC,Attended,2,0,0,0,Partner,yes,,{Guid.NewGuid()}\n";
        var dup = Guid.NewGuid();

        var bad = await App.ImportAsync("visits", good
            + $"VIB,2025-05-05,14:00,1234567,Vanished,-1,0,0,99,Cousin,maybe,NOWHERE,{new string('x', 101)}\n"
            + $"VIB,2025-05-05,14:00,B2345CD,Attended,1,0,0,0,,,,{dup}\n"
            + $"VIB,2025-05-05,14:00,B2345CD,Attended,1,0,0,0,,,,{dup}\n");
        var noSession = await App.ImportAsync("visits", good + $"VIB,2025-05-06,14:00,C3456DE,Attended,1,0,0,0,,,,{Guid.NewGuid()}\n");

        Assert.False(bad.Succeeded);
        foreach (var column in new[] { "prisoner", "outcome", "adults", "children_12_17", "relationship", "first_visit", "visitor_postcode", "client_id" })
        {
            Assert.Contains(bad.Errors, x => x.Row == 3 && x.Column == column);
        }
        Assert.Contains(bad.Errors, x => x.Row == 5 && x.Column == "client_id" && x.Message.Contains("row 4"));
        Assert.False(noSession.Succeeded);
        var missing = Assert.Single(noSession.Errors);
        Assert.Equal((3, "session_start"), (missing.Row, missing.Column));
        Assert.Contains("no session on 2025-05-06 starting at 14:00", missing.Message);
        Assert.Equal(0, await App.WithDbAsync(db => db.Visits.CountAsync(v => v.EstablishmentId == e.Id)));
    }
}
