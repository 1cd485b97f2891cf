using Microsoft.EntityFrameworkCore;
using VisitsCapture.Core.Data;
using VisitsCapture.Core.Imports;
using VisitsCapture.Core.Measures;

namespace VisitsCapture.Web.Features.Admin.Imports;

/// <summary>
/// <c>import establishments</c>: code,name,region,function,contracted,operational_capacity,cna,postcode,latitude,
/// longitude,opened,closed. Without coordinates the postcode district's centroid is used and flagged approximate.
/// </summary>
public sealed class EstablishmentsImporter(VisitsDbContext db, TimeProvider clock) : IImporter
{
    private static readonly string[] Columns =
        ["code", "name", "region", "function", "contracted", "operational_capacity", "cna", "postcode", "latitude", "longitude", "opened", "closed"];

    public string Kind => "establishments";

    public string Description => "Prisons and YOIs: code, name, region, function, capacity, postcode and coordinates. Changes are kept as dated history.";

    public async Task<ImportResult> ImportAsync(IReadOnlyList<ImportFile> files, IProgress<int>? progress, CancellationToken ct)
    {
        using var csv = CsvRows.OpenOne(files, "establishments", Columns, out var rejected);
        if (csv is null)
        {
            return ImportResult.Rejected(rejected);
        }

        var rows = new List<(CsvRow Row, Draft Value)>();
        foreach (var row in csv.Rows())
        {
            rows.Add((row, Read(row)));
            progress?.Report(rows.Count);
        }
        await LocateByPostcodeAsync(rows, ct);
        EstablishmentCells.RejectDuplicateCodes(rows.Where(r => r.Value.Code is not null), d => d.Code!, "code");
        var errors = rows.SelectMany(r => r.Row.Errors).ToList();
        if (rows.Count == 0)
        {
            errors.Add(new ImportError(0, null, "The file has no establishments"));
        }
        if (errors.Count > 0)
        {
            return ImportResult.Rejected(errors);
        }

        var values = rows.Select(r => r.Value.ToValues()).ToList();
        await using var transaction = await db.BeginUnlessInOneAsync(ct);
        var upserter = new EstablishmentUpserter(db, clock);
        var existing = await upserter.LoadAsync(values.Select(v => v.Code).ToList(), ct);
        var (added, updated, unchanged) = upserter.Apply(values, existing);
        await db.SaveChangesAsync(ct);
        await transaction.CommitIfOwnedAsync(ct);
        return new ImportResult { Rows = rows.Count, Added = added, Updated = updated, Unchanged = unchanged };
    }

    private static Draft Read(CsvRow row)
    {
        var d = new Draft
        {
            Code = EstablishmentCells.Code(row, "code"),
            Name = row.Text("name", required: true, maxLength: 200),
            Region = row.Text("region", maxLength: 100) ?? "",
            Function = row.Text("function", maxLength: 100) ?? "",
            Contracted = row.Bool("contracted") ?? false,
            OperationalCapacity = row.Int("operational_capacity", min: 0, max: 10_000),
            Cna = row.Int("cna", min: 0, max: 10_000),
            Postcode = EstablishmentCells.Postcode(row, "postcode"),
            Latitude = EstablishmentCells.Latitude(row, "latitude", required: false),
            Longitude = EstablishmentCells.Longitude(row, "longitude", required: false),
            OpenedOn = row.Date("opened"),
            ClosedOn = row.Date("closed"),
        };
        if (d.OpenedOn is { } opened && d.ClosedOn is { } closed && closed < opened)
        {
            row.Fail("closed", $"the closing date {closed:yyyy-MM-dd} is before the opening date {opened:yyyy-MM-dd}");
        }
        var hasLatitude = row.Raw("latitude").Length > 0;
        var hasLongitude = row.Raw("longitude").Length > 0;
        if (hasLatitude != hasLongitude)
        {
            row.Fail(hasLatitude ? "longitude" : "latitude", "give both latitude and longitude, or leave both empty to use the postcode district's centre");
        }
        else if (!hasLatitude && row.Raw("postcode").Length == 0)
        {
            row.Fail("latitude", "give latitude and longitude, or a postcode so that its district's centre can be used");
        }
        return d;
    }

    /// <summary>Rows without coordinates take their postcode district's centroid, flagged approximate.</summary>
    private async Task LocateByPostcodeAsync(List<(CsvRow Row, Draft Value)> rows, CancellationToken ct)
    {
        var unlocated = rows.Where(r => r.Row.IsValid && r.Value.Latitude is null && r.Value.Postcode is not null).ToList();
        if (unlocated.Count == 0)
        {
            return;
        }
        var districts = unlocated.Select(r => PostcodeDistricts.ToDistrict(r.Value.Postcode)!).Distinct().ToList();
        var centroids = await db.PostcodeDistricts.AsNoTracking().Where(d => districts.Contains(d.Outcode))
            .ToDictionaryAsync(d => d.Outcode, d => (d.Latitude, d.Longitude), ct);
        foreach (var (row, draft) in unlocated)
        {
            var district = PostcodeDistricts.ToDistrict(draft.Postcode)!;
            if (centroids.TryGetValue(district, out var c))
            {
                (draft.Latitude, draft.Longitude, draft.LocationApproximate) = (c.Latitude, c.Longitude, true);
            }
            else
            {
                row.Fail("postcode", $"there is no centre for postcode district {district}: import postcode districts first, or give latitude and longitude");
            }
        }
    }

    private sealed class Draft
    {
        public string? Code { get; init; }
        public string? Name { get; init; }
        public required string Region { get; init; }
        public required string Function { get; init; }
        public bool Contracted { get; init; }
        public int? OperationalCapacity { get; init; }
        public int? Cna { get; init; }
        public string? Postcode { get; init; }
        public double? Latitude { get; set; }
        public double? Longitude { get; set; }
        public bool LocationApproximate { get; set; }
        public DateOnly? OpenedOn { get; init; }
        public DateOnly? ClosedOn { get; init; }

        public EstablishmentValues ToValues() => new(Code!, Name!, Region, Function, Contracted, OperationalCapacity, Cna, Postcode,
            Latitude!.Value, Longitude!.Value, LocationApproximate, OpenedOn, ClosedOn);
    }
}
