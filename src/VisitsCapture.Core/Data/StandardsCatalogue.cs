using Microsoft.EntityFrameworkCore;
using VisitsCapture.Core.Domain;
using VisitsCapture.Core.Standards;

namespace VisitsCapture.Core.Data;

/// <summary>Seeds the shipped checklists and courses (<see cref="ShippedStandards"/>) that are missing; safe to run on every start.</summary>
public static class StandardsCatalogue
{
    public static async Task EnsureShippedAsync(VisitsDbContext db, DateTime now, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        // Keyed by code: a standard or course an administrator has changed is left as it is.
        var standards = await db.Set<Standard>().Select(s => s.Code).ToListAsync(ct);
        foreach (var s in ShippedStandards.Standards.Where(s => !standards.Contains(s.Code)))
        {
            db.Add(new Standard
            {
                Code = s.Code,
                Name = s.Name,
                Versions = [new ChecklistVersion { Version = 1, CreatedAt = now, Items = s.Items.Select((text, i) => new ChecklistItem { Position = i + 1, Text = text }).ToList() }],
            });
        }
        var courses = await db.Set<Course>().Select(c => c.Code).ToListAsync(ct);
        foreach (var c in ShippedStandards.Courses.Where(c => !courses.Contains(c.Code)))
        {
            db.Add(new Course { Code = c.Code, Name = c.Name, RefreshMonths = c.RefreshMonths });
        }
        if (db.ChangeTracker.HasChanges())
        {
            await db.SaveChangesAsync(ct);
        }
    }
}
