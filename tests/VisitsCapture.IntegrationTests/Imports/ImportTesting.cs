using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VisitsCapture.Core.Imports;
using VisitsCapture.IntegrationTests.Infrastructure;
using VisitsCapture.Web.Imports;

namespace VisitsCapture.IntegrationTests.Imports;

/// <summary>Running imports the way the command line does (ImportRunner, files from a path), and checking that nothing was written.</summary>
internal static class ImportTesting
{
    public static ImportFile Csv(string name, string text) => new(name, () => new MemoryStream(Encoding.UTF8.GetBytes(text)));

    /// <summary>As <c>import &lt;kind&gt; &lt;path&gt;</c>: the file, or the CSV files of a folder.</summary>
    public static Task<ImportResult> ImportPathAsync(this AppFactory app, string kind, string path) =>
        app.ImportAsync(kind, ImportSetup.FilesAt(path).ToArray());

    public static async Task<ImportResult> ImportAsync(this AppFactory app, string kind, params ImportFile[] files)
    {
        using var scope = app.Services.CreateScope();
        var importer = scope.ServiceProvider.GetServices<IImporter>().Find(kind) ?? throw new InvalidOperationException($"no importer {kind}");
        return await scope.ServiceProvider.GetRequiredService<ImportRunner>().RunAsync(importer, files, null, CancellationToken.None);
    }

    /// <summary>Row counts of every table an import may write, bar the import log itself.</summary>
    public static Task<string> TableCountsAsync(this AppFactory app) => app.WithDbAsync(async db =>
        string.Join(", ",
            $"establishments {await db.Establishments.CountAsync()}",
            $"history {await db.EstablishmentHistory.CountAsync()}",
            $"groups {await db.FamilyGroups.CountAsync()}",
            $"memberships {await db.FamilyGroupMemberships.CountAsync()}",
            $"districts {await db.PostcodeDistricts.CountAsync()}",
            $"audit {await db.AuditEvents.CountAsync(a => !a.EntityType.StartsWith("Import:"))}"));

    /// <summary>Everything in the reference tables, to show that a repeated import changed nothing at all.</summary>
    public static Task<string> ReferenceDataAsync(this AppFactory app) => app.WithDbAsync(async db =>
    {
        var text = new StringBuilder();
        foreach (var e in await db.Establishments.AsNoTracking().OrderBy(e => e.Code).ToListAsync())
        {
            text.AppendLine($"{e.Code}|{e.Name}|{e.Region}|{e.Function}|{e.Contracted}|{e.OperationalCapacity}|{e.Cna}|{e.Postcode}|{e.Latitude}|{e.Longitude}|{e.LocationApproximate}|{e.OpenedOn}|{e.ClosedOn}");
        }
        foreach (var h in await db.EstablishmentHistory.AsNoTracking().OrderBy(h => h.Id).ToListAsync())
        {
            text.AppendLine($"{h.EstablishmentId}|{h.EffectiveFrom}|{h.Name}|{h.Function}|{h.Latitude}|{h.RecordedAt:O}");
        }
        foreach (var m in await db.FamilyGroupMemberships.AsNoTracking().OrderBy(m => m.Id).ToListAsync())
        {
            text.AppendLine($"{m.FamilyGroupId}|{m.EstablishmentId}|{m.FromMonth}|{m.ToMonth}");
        }
        foreach (var d in await db.PostcodeDistricts.AsNoTracking().OrderBy(d => d.Outcode).ToListAsync())
        {
            text.AppendLine($"{d.Outcode}|{d.Latitude}|{d.Longitude}|{d.LocalAuthorityCode}|{d.LocalAuthorityName}|{d.Region}|{d.Country}|{d.Source}");
        }
        return text.ToString();
    });
}
