using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using VisitsCapture.Core.Data;

namespace VisitsCapture.Web.Imports;

/// <summary>
/// Inserts many entities with raw, batched, multi-row INSERT commands on the context's connection and current
/// transaction, bypassing change tracking (hundreds of thousands of demo rows). Tables, columns and value
/// conversions (enums as names, dates, Guids) come from the EF model and its type mappings, so rows are stored
/// exactly as EF would store them, on SQLite and PostgreSQL alike. Store-generated keys are left to the database.
/// Used by the demo seed and by the population import (~90,000 records, where change tracking would hold every
/// entity until SaveChanges: this holds one statement's rows).
/// </summary>
internal sealed class BulkWriter<T> : IAsyncDisposable where T : class
{
    private readonly DbConnection _connection;
    private readonly DbTransaction? _transaction;
    private readonly ISqlGenerationHelper _sql;
    private readonly string _insertInto;
    private readonly Column[] _columns;
    private readonly int _rowsPerStatement;
    private readonly List<T> _pending;
    private DbCommand? _full;

    /// <param name="db">The context, whose connection and current transaction the rows are written on.</param>
    /// <param name="rowsPerStatement">Rows per INSERT; by default 1 on SQLite, 100 on PostgreSQL.</param>
    public BulkWriter(VisitsDbContext db, int? rowsPerStatement = null)
    {
        ArgumentNullException.ThrowIfNull(db);
        var entity = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not in the model.");
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        _sql = db.GetService<ISqlGenerationHelper>();
        _columns = entity.GetProperties()
            .Where(p => !(p.IsPrimaryKey() && p.ValueGenerated != ValueGenerated.Never))
            .Select(p =>
            {
                var mapping = p.GetRelationalTypeMapping();
                return new Column(p.GetColumnName(table)!, mapping, mapping.Converter, p.GetGetter());
            })
            .ToArray();
        _insertInto = $"INSERT INTO {_sql.DelimitIdentifier(table.Name, table.Schema)} ({string.Join(", ", _columns.Select(c => _sql.DelimitIdentifier(c.Name)))}) VALUES ";
        // SQLite runs in-process and binds parameters by name with a linear search, so wide statements cost more
        // than they save (measured: 1 row per statement is fastest); PostgreSQL pays a round trip per statement.
        _connection = db.Database.GetDbConnection();
        _transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        _rowsPerStatement = rowsPerStatement ?? (db.IsSqlite ? 1 : 100);
        _pending = new List<T>(_rowsPerStatement);
    }

    public long Written { get; private set; }

    public async Task AddAsync(T row, CancellationToken ct)
    {
        _pending.Add(row);
        if (_pending.Count == _rowsPerStatement)
        {
            if (_full is null)
            {
                // Prepared once: Npgsql otherwise sends the statement to be parsed and planned again for every
                // execution (measured: 40% of the PostgreSQL server's CPU for the demo seed).
                _full = Command(_rowsPerStatement);
                await _full.PrepareAsync(ct);
            }
            await ExecuteAsync(_full, ct);
        }
    }

    /// <summary>Writes the rows still pending (a shorter last statement).</summary>
    public async Task FlushAsync(CancellationToken ct)
    {
        if (_pending.Count > 0)
        {
            await using var tail = Command(_pending.Count);
            await ExecuteAsync(tail, ct);
        }
    }

    private async Task ExecuteAsync(DbCommand command, CancellationToken ct)
    {
        var parameters = command.Parameters;
        var i = 0;
        foreach (var row in _pending)
        {
            foreach (var column in _columns)
            {
                var value = column.Getter.GetClrValue(row);
                parameters[i++].Value = (value is null ? null : column.Converter is null ? value : column.Converter.ConvertToProvider(value)) ?? DBNull.Value;
            }
        }
        await command.ExecuteNonQueryAsync(ct);
        Written += _pending.Count;
        _pending.Clear();
    }

    private DbCommand Command(int rows)
    {
        var command = _connection.CreateCommand();
        command.Transaction = _transaction;
        var text = new System.Text.StringBuilder(_insertInto);
        var n = 0;
        for (var r = 0; r < rows; r++)
        {
            text.Append(r == 0 ? "(" : ", (");
            for (var c = 0; c < _columns.Length; c++)
            {
                var name = _sql.GenerateParameterName("p" + n++);
                text.Append(c == 0 ? "" : ", ").Append(name);
                command.Parameters.Add(_columns[c].Mapping.CreateParameter(command, name, null));
            }
            text.Append(')');
        }
        command.CommandText = text.ToString();
        return command;
    }

    public async ValueTask DisposeAsync()
    {
        if (_full is not null)
        {
            await _full.DisposeAsync();
        }
    }

    private sealed record Column(string Name, RelationalTypeMapping Mapping, ValueConverter? Converter, IClrPropertyGetter Getter);
}
