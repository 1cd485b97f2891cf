using System.Net;
using Microsoft.EntityFrameworkCore;
using VisitsCapture.Core.Domain;
using VisitsCapture.IntegrationTests.Infrastructure;
using static VisitsCapture.IntegrationTests.Imports.ImportTesting;

namespace VisitsCapture.IntegrationTests.Imports;

public sealed class PrisonRegisterImportTests() : PrisonRegisterImportTestsBase(null);

public sealed class PostgresPrisonRegisterImportTests(SharedPostgres postgres) : PrisonRegisterImportTestsBase(postgres);

/// <summary>Each test has its own database: the register fills the establishments table.</summary>
public abstract class PrisonRegisterImportTestsBase(SharedPostgres? postgres) : IAsyncLifetime
{
    private readonly AppFactory _app = new() { Postgres = postgres };
    private static readonly string Register = SharedData.File("prisons", "prisons_england_wales.csv");

    public async ValueTask InitializeAsync() => await _app.StartAsync();

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Imports_the_125_active_prisons_each_in_exactly_one_default_family_group_and_repeating_it_changes_nothing()
    {
        var result = await _app.ImportPathAsync("prison-register", Register);

        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Take(5)));
        Assert.Equal((173, 125, 0, 0), (result.Rows, result.Added, result.Updated, result.Unchanged));
        Assert.Contains("48 inactive prisons ignored", result.Note);
        var now = YearMonth.Of(LondonTime.Today(TimeProvider.System));
        await _app.WithDbAsync(async db =>
        {
            Assert.Equal(125, await db.Establishments.CountAsync());
            var memberships = await db.FamilyGroupMemberships.AsNoTracking().Include(m => m.FamilyGroup).Include(m => m.Establishment).ToListAsync();
            Assert.Equal(125, memberships.Count);
            Assert.All(memberships.GroupBy(m => m.EstablishmentId), g => Assert.Single(g, m => m.Covers(now)));
            Assert.All(memberships, m => Assert.Equal(m.Establishment!.Function, m.FamilyGroup!.Name));
            Assert.All(memberships, m => Assert.Equal((200001, (int?)null), (m.FromMonth, m.ToMonth)));

            var bmi = await db.Establishments.SingleAsync(e => e.Code == "BMI");
            // BMI,Birmingham (HMP),,true,true,false,false,false,HMP,B,PSP,Local,...,B18 4AS,B18,England,52.492504,-1.938507,... in the register.
            Assert.Equal(("Birmingham (HMP)", "Male local", "West Midlands", false, "B18 4AS", false),
                (bmi.Name, bmi.Function, bmi.Region, bmi.Contracted, bmi.Postcode, bmi.LocationApproximate));
            Assert.Equal((52.492504, -1.938507), (bmi.Latitude, bmi.Longitude));
            Assert.Equal("Female", (await db.Establishments.SingleAsync(e => e.Code == "AGI")).Function);
            Assert.Equal(9, await db.FamilyGroups.CountAsync());
        });

        var counts = await _app.TableCountsAsync();
        var data = await _app.ReferenceDataAsync();
        var again = await _app.ImportPathAsync("prison-register", Register);

        Assert.Equal((173, 0, 0, 125), (again.Rows, again.Added, again.Updated, again.Unchanged));
        Assert.Equal(counts, await _app.TableCountsAsync());
        Assert.Equal(data, await _app.ReferenceDataAsync());
    }

    [Fact]
    public async Task Existing_memberships_and_capacities_are_kept()
    {
        await _app.AddEstablishmentAsync("BMI");
        Assert.True((await _app.ImportAsync("family-groups", Csv("groups.csv", "group,establishment,from_month,to_month\nBig city locals,BMI,2020-04,\n"))).Succeeded);
        await _app.WithDbAsync(async db =>
        {
            await db.Establishments.Where(e => e.Code == "BMI").ExecuteUpdateAsync(s => s.SetProperty(e => e.OperationalCapacity, 1450));
        });

        var result = await _app.ImportPathAsync("prison-register", Register);

        Assert.Equal((124, 1), (result.Added, result.Updated));
        await _app.WithDbAsync(async db =>
        {
            var bmi = await db.Establishments.SingleAsync(e => e.Code == "BMI");
            Assert.Equal(("Birmingham (HMP)", 1450), (bmi.Name, bmi.OperationalCapacity));
            var groups = await db.FamilyGroupMemberships.Where(m => m.EstablishmentId == bmi.Id).Select(m => m.FamilyGroup!.Name).ToListAsync();
            Assert.Equal(["Big city locals"], groups);
        });
    }

    [Fact]
    public async Task A_register_with_one_bad_row_is_rejected_on_the_admin_page_and_nothing_is_written()
    {
        await _app.AddUserAsync("admin.register", Roles.Administrator, null);
        var client = await _app.SignedInAsync("admin.register");
        var lines = File.ReadAllLines(Register);
        var row = Array.FindIndex(lines, l => l.StartsWith("BMI,", StringComparison.Ordinal));
        var fields = lines[row].Split(',');
        fields[Array.IndexOf(lines[0].Split(','), "latitude")] = "north";
        lines[row] = string.Join(',', fields);
        var before = await _app.TableCountsAsync();

        var response = await client.PostFilesAsync("/admin/imports", "/admin/imports", new() { ["kind"] = "prison-register" },
            ("files", "prisons_england_wales.csv", string.Join('\n', lines)));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Matches($@"<td class=""govuk-table__cell"">{row + 1}</td>\s*<td class=""govuk-table__cell"">latitude</td>\s*<td class=""govuk-table__cell"">&quot;north&quot; is not a number</td>",
            await response.Content.ReadAsStringAsync());
        Assert.Equal(before, await _app.TableCountsAsync());
    }

    [Fact]
    public async Task The_register_is_imported_from_the_admin_page()
    {
        await _app.AddUserAsync("admin.register2", Roles.Administrator, null);
        var client = await _app.SignedInAsync("admin.register2");

        var response = await client.PostFilesAsync("/admin/imports", "/admin/imports", new() { ["kind"] = "prison-register" },
            ("files", "prisons_england_wales.csv", await File.ReadAllTextAsync(Register)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("173 rows read: 125 added, 0 updated, 0 unchanged.", await response.Content.ReadAsStringAsync());
    }
}
