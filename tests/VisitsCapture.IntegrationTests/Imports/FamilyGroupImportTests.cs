using System.Net;
using Microsoft.EntityFrameworkCore;
using VisitsCapture.Core.Domain;
using VisitsCapture.IntegrationTests.Infrastructure;
using static VisitsCapture.IntegrationTests.Imports.ImportTesting;

namespace VisitsCapture.IntegrationTests.Imports;

public sealed class FamilyGroupImportTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private AppFactory App => fixture.App;

    private async Task AddEstablishmentsAsync(params string[] codes)
    {
        foreach (var code in codes)
        {
            await App.AddEstablishmentAsync(code);
        }
    }

    /// <summary>The establishment's memberships as "group from..to", oldest first.</summary>
    private Task<string[]> MembershipsAsync(string code) => App.WithDbAsync(async db =>
        (await db.FamilyGroupMemberships.AsNoTracking().Where(m => m.Establishment!.Code == code).OrderBy(m => m.FromMonth)
            .Select(m => new { m.FamilyGroup!.Name, m.FromMonth, m.ToMonth }).ToListAsync())
        .Select(m => $"{m.Name} {m.FromMonth}..{m.ToMonth}").ToArray());

    [Fact]
    public async Task Imports_a_good_file_creating_groups_and_repeating_it_changes_nothing()
    {
        await AddEstablishmentsAsync("FGA", "FGB");
        var csv = """
            group,establishment,from_month,to_month
            Midlands locals,FGA,2024-01,
            Midlands locals,fgb,2024-01,2024-06
            Midlands trainers,FGB,2024-07,
            """;

        var first = await App.ImportAsync("family-groups", Csv("groups.csv", csv));

        Assert.True(first.Succeeded, string.Join("; ", first.Errors));
        Assert.Equal((3, 3, 0, 0), (first.Rows, first.Added, first.Updated, first.Unchanged));
        Assert.Equal(["Midlands locals 202401.."], await MembershipsAsync("FGA"));
        Assert.Equal(["Midlands locals 202401..202406", "Midlands trainers 202407.."], await MembershipsAsync("FGB"));
        Assert.Equal("Male local", await App.WithDbAsync(db => db.FamilyGroups.Where(g => g.Name == "Midlands locals").Select(g => g.Function).SingleAsync()));

        var counts = await App.TableCountsAsync();
        var data = await App.ReferenceDataAsync();
        var second = await App.ImportAsync("family-groups", Csv("groups.csv", csv));

        Assert.Equal((3, 0, 0, 3), (second.Rows, second.Added, second.Updated, second.Unchanged));
        Assert.Equal(counts, await App.TableCountsAsync());
        Assert.Equal(data, await App.ReferenceDataAsync());
    }

    [Fact]
    public async Task A_change_of_group_mid_year_ends_the_open_membership_the_month_before()
    {
        await AddEstablishmentsAsync("FGM");
        Assert.True((await App.ImportAsync("family-groups", Csv("first.csv", "group,establishment,from_month,to_month\nOld group,FGM,2023-01,\n"))).Succeeded);
        var change = "group,establishment,from_month,to_month\nNew group,FGM,2025-07,\n";

        var result = await App.ImportAsync("family-groups", Csv("change.csv", change));

        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        Assert.Equal((1, 1, 0), (result.Added, result.Updated, result.Unchanged));
        Assert.Equal(["Old group 202301..202506", "New group 202507.."], await MembershipsAsync("FGM"));
        var again = await App.ImportAsync("family-groups", Csv("change.csv", change));
        Assert.Equal((0, 0, 1), (again.Added, again.Updated, again.Unchanged));
        Assert.Equal(["Old group 202301..202506", "New group 202507.."], await MembershipsAsync("FGM"));
    }

    [Fact]
    public async Task A_file_with_one_bad_row_is_rejected_on_the_admin_page_and_nothing_is_written()
    {
        await AddEstablishmentsAsync("FGP");
        await App.AddUserAsync("admin.groups", Roles.Administrator, null);
        var client = await App.SignedInAsync("admin.groups");
        var csv = """
            group,establishment,from_month,to_month
            Page group,FGP,2024-01,
            Page group,NOPE,2024-01,
            """;
        var before = await App.TableCountsAsync();

        var response = await client.PostFilesAsync("/admin/imports", "/admin/imports", new() { ["kind"] = "family-groups" }, ("files", "groups.csv", csv));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Matches(@"<td class=""govuk-table__cell"">3</td>\s*<td class=""govuk-table__cell"">establishment</td>\s*<td class=""govuk-table__cell"">&quot;NOPE&quot; is not a known establishment code</td>",
            await response.Content.ReadAsStringAsync());
        Assert.Equal(before, await App.TableCountsAsync());
        Assert.False(await App.WithDbAsync(db => db.FamilyGroups.AnyAsync(g => g.Name == "Page group")));
    }

    [Fact]
    public async Task Overlaps_within_the_file_or_with_an_existing_closed_membership_are_errors_naming_the_conflict()
    {
        await AddEstablishmentsAsync("FGO", "FGQ");
        Assert.True((await App.ImportAsync("family-groups", Csv("first.csv", "group,establishment,from_month,to_month\nClosed group,FGQ,2022-01,2024-12\n"))).Succeeded);
        var csv = """
            group,establishment,from_month,to_month
            Group A,FGO,2024-01,2024-12
            Group B,FGO,2024-06,
            Group C,FGQ,2024-04,
            Group D,FGQ,2025-05,2025-01
            """;
        var before = await App.TableCountsAsync();

        var result = await App.ImportAsync("family-groups", Csv("overlaps.csv", csv));

        Assert.False(result.Succeeded);
        (int, string?)[] expected = [(3, "from_month"), (4, "from_month"), (5, "to_month")];
        Assert.Equal(expected, result.Errors.Select(e => (e.Row, e.Column)).OrderBy(e => e.Row).ToArray());
        Assert.Contains("FGO is in Group A from 2024-01 to 2024-12 in row 2", result.Errors[0].Message);
        Assert.Contains("FGQ is already in Closed group from 2022-01 to 2024-12", result.Errors.Single(e => e.Row == 4).Message);
        Assert.Equal(before, await App.TableCountsAsync());
    }
}
