using System.Data;
using System.Data.Common;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using VisitsCapture.Core.Data;
using VisitsCapture.Core.Domain;

namespace VisitsCapture.Web.Features.Population;

/// <summary>
/// Inserts prisoner records with multi-row INSERT commands on the import's own connection and transaction. A
/// national extract is ~90,000 rows: EF change tracking would hold every entity until SaveChanges, where this
/// keeps one batch in memory. Table and column names come from the EF model, so it follows the schema on SQLite
/// and PostgreSQL alike.
/// </summary>
internal sealed class PopulationRecordWriter : IAsyncDisposable
{
    private const int Columns = 5;

    private readonly DbConnection _connection;
    private readonly DbTransaction _transaction;
    private readonly string _insertInto;
    private readonly int _batchRows;
    private readonly List<Row> _pending;
    private DbCommand? _fullBatch;

    private readonly record struct Row(int SnapshotId, string Prisoner, string? District, HomeSource? Source, string? UnknownReason);

    private PopulationRecordWriter(DbConnection connection, DbTransaction transaction, string insertInto, int batchRows)
    {
        _connection = connection;
        _transaction = transaction;
        _insertInto = insertInto;
        _batchRows = batchRows;
        _pending = new List<Row>(batchRows);
    }

    /// <summary>
    /// Rows per INSERT. SQLite binds each parameter by name with a linear search of the statement's parameters, so
    /// the cost of a batch grows with the square of its size: 500-row batches took about twice the CPU of 50-row
    /// ones (docs/performance.md). PostgreSQL pays a network round trip per command instead, so it takes larger batches.
    /// </summary>
    private static int BatchRowsFor(VisitsDbContext db) => db.IsSqlite ? 50 : 1000;

    /// <summary>A writer on the context's current transaction (which the caller has begun).</summary>
    public static PopulationRecordWriter For(VisitsDbContext db)
    {
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Begin the import's transaction before writing records.");
        var entity = db.Model.FindEntityType(typeof(PopulationRecord))!;
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var sql = db.GetService<ISqlGenerationHelper>();
        string Column(string property) => sql.DelimitIdentifier(entity.FindProperty(property)!.GetColumnName(table)!);
        var insertInto = $"INSERT INTO {sql.DelimitIdentifier(table.Name, table.Schema)} (" +
            string.Join(", ", Column(nameof(PopulationRecord.SnapshotId)), Column(nameof(PopulationRecord.Prisoner)),
                Column(nameof(PopulationRecord.HomeDistrict)), Column(nameof(PopulationRecord.HomeSource)),
                Column(nameof(PopulationRecord.UnknownHomeReason))) + ") VALUES ";
        return new PopulationRecordWriter(db.Database.GetDbConnection(), transaction, insertInto, BatchRowsFor(db));
    }

    /// <summary>Queues a record; the district is already cut from the postcode (the full postcode never gets here).</summary>
    public async Task AddAsync(int snapshotId, string prisoner, string? district, HomeSource? source, string? unknownReason, CancellationToken ct)
    {
        _pending.Add(new Row(snapshotId, prisoner, district, source, unknownReason));
        if (_pending.Count == _batchRows)
        {
            await FlushAsync(ct);
        }
    }

    public async Task FlushAsync(CancellationToken ct)
    {
        if (_pending.Count == 0)
        {
            return;
        }
        // Full batches reuse one prepared command (Npgsql prepares only when asked; SQLite keeps a command's statement
        // compiled anyway); the last, shorter batch gets its own.
        var command = _pending.Count == _batchRows ? _fullBatch ??= await PreparedAsync(Create(_batchRows), ct) : Create(_pending.Count);
        for (var i = 0; i < _pending.Count; i++)
        {
            var row = _pending[i];
            var p = command.Parameters;
            p[i * Columns].Value = row.SnapshotId;
            p[i * Columns + 1].Value = row.Prisoner;
            p[i * Columns + 2].Value = (object?)row.District ?? DBNull.Value;
            p[i * Columns + 3].Value = (object?)row.Source?.ToString() ?? DBNull.Value;
            p[i * Columns + 4].Value = (object?)row.UnknownReason ?? DBNull.Value;
        }
        await command.ExecuteNonQueryAsync(ct);
        if (command != _fullBatch)
        {
            await command.DisposeAsync();
        }
        _pending.Clear();
    }

    private static async Task<DbCommand> PreparedAsync(DbCommand command, CancellationToken ct)
    {
        await command.PrepareAsync(ct);
        return command;
    }

    private DbCommand Create(int rows)
    {
        var command = _connection.CreateCommand();
        command.Transaction = _transaction;
        var text = new StringBuilder(_insertInto, _insertInto.Length + rows * 40);
        for (var i = 0; i < rows; i++)
        {
            text.Append(i == 0 ? "(" : ", (");
            for (var c = 0; c < Columns; c++)
            {
                var name = $"@p{i * Columns + c}";
                text.Append(c == 0 ? name : ", " + name);
                var parameter = command.CreateParameter();
                parameter.ParameterName = name;
                parameter.DbType = c == 0 ? DbType.Int32 : DbType.String;
                command.Parameters.Add(parameter);
            }
            text.Append(')');
        }
        command.CommandText = text.ToString();
        return command;
    }

    public async ValueTask DisposeAsync()
    {
        if (_fullBatch is not null)
        {
            await _fullBatch.DisposeAsync();
        }
    }
}
