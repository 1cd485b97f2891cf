using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using VisitsCapture.Core.Domain;

namespace VisitsCapture.Core.Data;

/// <summary>
/// Writes an <see cref="AuditEvent"/> for every added, changed or removed <see cref="IAudited"/> entity, in the same
/// SaveChanges as the change itself, with the changed values before and after.
/// </summary>
public sealed class AuditInterceptor(ICurrentActor actor, TimeProvider clock) : SaveChangesInterceptor
{
    // Enums by name, as they are stored: the log reads "Status":"CancelledByEstablishment", not "Status":1.
    private static readonly JsonSerializerOptions Json = new() { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    private readonly List<(EntityEntry Entry, AuditEvent Event)> _added = [];
    private bool _fixingKeys;

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Capture(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Capture(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        if (FixAddedKeys() && eventData.Context is { } db)
        {
            SaveFixedKeys(() => db.SaveChanges());
        }
        return result;
    }

    public override async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (FixAddedKeys() && eventData.Context is { } db)
        {
            await SaveFixedKeysAsync(() => db.SaveChangesAsync(cancellationToken));
        }
        return result;
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => _added.Clear();

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        _added.Clear();
        return Task.CompletedTask;
    }

    private void Capture(DbContext? db)
    {
        if (db is null || _fixingKeys)
        {
            return;
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var entries = db.ChangeTracker.Entries()
            .Where(e => e.Entity is IAudited && e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted)
            .ToList();
        AuditDistricts(db, now);
        foreach (var entry in entries)
        {
            var (before, after) = Values(entry);
            if (entry.State == EntityState.Modified && after.Count == 0)
            {
                continue;
            }
            var audit = new AuditEvent
            {
                At = now,
                UserId = actor.UserId,
                Actor = actor.Name,
                Action = entry.State switch
                {
                    EntityState.Added => "Created",
                    EntityState.Deleted => "Deleted",
                    _ => "Updated",
                },
                EntityType = entry.Metadata.ClrType.Name,
                EntityKey = entry.State == EntityState.Added ? null : Key(entry),
                EstablishmentId = EstablishmentIdOf(entry),
                Before = before.Count == 0 ? null : JsonSerializer.Serialize(before, Json),
                After = after.Count == 0 ? null : JsonSerializer.Serialize(after, Json),
            };
            db.Add(audit);
            if (entry.State == EntityState.Added)
            {
                _added.Add((entry, audit));
            }
        }
    }

    /// <summary>
    /// Postcode districts are bulk reference data (thousands in one import): one event per save that changes any, with how
    /// many. Its id is also the districts' version, by which <c>PostcodeDistrictTable</c> knows its copy is current.
    /// </summary>
    private void AuditDistricts(DbContext db, DateTime now)
    {
        var changed = db.ChangeTracker.Entries<PostcodeDistrict>()
            .Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted)
            .GroupBy(e => e.State)
            .ToDictionary(g => g.Key, g => g.Count());
        if (changed.Count == 0)
        {
            return;
        }
        db.Add(new AuditEvent
        {
            At = now,
            UserId = actor.UserId,
            Actor = actor.Name,
            Action = "Updated",
            EntityType = PostcodeDistrictsChanged,
            After = JsonSerializer.Serialize(new
            {
                added = changed.GetValueOrDefault(EntityState.Added),
                updated = changed.GetValueOrDefault(EntityState.Modified),
                deleted = changed.GetValueOrDefault(EntityState.Deleted),
            }, Json),
        });
    }

    /// <summary>The entity type of the audit event of a save that changed postcode districts.</summary>
    public const string PostcodeDistrictsChanged = "PostcodeDistricts";

    private static (Dictionary<string, object?> Before, Dictionary<string, object?> After) Values(EntityEntry entry)
    {
        var before = new Dictionary<string, object?>();
        var after = new Dictionary<string, object?>();
        foreach (var p in entry.Properties)
        {
            if (p.Metadata.IsPrimaryKey() || p.Metadata.Name is "Version" or "ConcurrencyStamp" or "SecurityStamp" or "PasswordHash" or "SecretHash")
            {
                continue;
            }
            switch (entry.State)
            {
                case EntityState.Added:
                    after[p.Metadata.Name] = p.CurrentValue;
                    break;
                case EntityState.Deleted:
                    before[p.Metadata.Name] = p.OriginalValue;
                    break;
                case EntityState.Modified when p.IsModified && !Equals(p.OriginalValue, p.CurrentValue):
                    before[p.Metadata.Name] = p.OriginalValue;
                    after[p.Metadata.Name] = p.CurrentValue;
                    break;
            }
        }
        return (before, after);
    }

    private static string Key(EntityEntry entry) =>
        string.Join(",", entry.Metadata.FindPrimaryKey()!.Properties.Select(p => entry.Property(p.Name).CurrentValue));

    private static int? EstablishmentIdOf(EntityEntry entry) =>
        entry.Entity is Establishment e ? (e.Id > 0 ? e.Id : null)
        : entry.Metadata.FindProperty("EstablishmentId") is { } p ? entry.Property(p.Name).CurrentValue as int? : null;

    private bool FixAddedKeys()
    {
        if (_added.Count == 0 || _fixingKeys)
        {
            return false;
        }
        foreach (var (entry, audit) in _added)
        {
            audit.EntityKey = Key(entry);
            if (entry.Entity is Establishment e)
            {
                audit.EstablishmentId = e.Id;
            }
        }
        _added.Clear();
        return true;
    }

    private void SaveFixedKeys(Func<int> save)
    {
        _fixingKeys = true;
        try { save(); }
        finally { _fixingKeys = false; }
    }

    private async Task SaveFixedKeysAsync(Func<Task<int>> save)
    {
        _fixingKeys = true;
        try { await save(); }
        finally { _fixingKeys = false; }
    }
}

/// <summary>The actor for work done outside a web request: the command line or a background job.</summary>
public sealed class SystemActor(string name) : ICurrentActor
{
    public string? UserId => null;
    public string Name { get; } = name;
}
