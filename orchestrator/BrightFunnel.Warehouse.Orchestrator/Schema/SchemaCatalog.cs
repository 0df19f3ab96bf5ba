using Dapper;
using MySql.Data.MySqlClient;
using BrightFunnel.Warehouse.Orchestrator.Cycle;
using BrightFunnel.Warehouse.Orchestrator.Engines.Impala;
using BrightFunnel.Warehouse.Orchestrator.Runs;

namespace BrightFunnel.Warehouse.Orchestrator.Schema;

public sealed record ColumnShape(string Name, string Type, bool Nullable, string? Default, string Extra);

/// <summary>An index or key: <c>PRIMARY</c>, a unique key or a plain one, with its columns in order.</summary>
public sealed record IndexShape(string Name, bool Unique, IReadOnlyList<string> Columns);

public sealed record ForeignKeyShape(string Name, IReadOnlyList<string> Columns, string ReferencedTable, IReadOnlyList<string> ReferencedColumns);

public sealed record TableShape(
    string Name, bool IsView, string Comment, IReadOnlyList<ColumnShape> Columns,
    IReadOnlyList<IndexShape> Indexes, IReadOnlyList<ForeignKeyShape> ForeignKeys);

public sealed record RoutineShape(string Name, string Kind, string Parameters);

public sealed record DatabaseShape(IReadOnlyList<TableShape> Tables, IReadOnlyList<RoutineShape> Routines);

/// <summary>
/// Reads one database's tables, views, columns, keys and routines from <c>information_schema</c>,
/// in a fixed order so the same schema always reads the same.
/// </summary>
public static class SchemaCatalog
{
    public static DatabaseShape Read(MySqlConnection connection, string database)
    {
        var p = new { db = database };
        var tables = connection.Query<(string Name, string Type, string? Comment)>(
            "SELECT table_name, table_type, table_comment FROM information_schema.tables WHERE table_schema = @db ORDER BY table_name", p);
        var columns = connection.Query<(string Table, string Name, string Type, string Nullable, string? Default, string? Extra)>(
            """
            SELECT table_name, column_name, column_type, is_nullable, column_default, extra
            FROM information_schema.columns WHERE table_schema = @db ORDER BY table_name, ordinal_position
            """, p).ToLookup(c => c.Table);
        var indexes = connection.Query<(string Table, string Index, long NonUnique, string Column)>(
            """
            SELECT table_name, index_name, non_unique, column_name
            FROM information_schema.statistics WHERE table_schema = @db ORDER BY table_name, index_name, seq_in_index
            """, p).ToLookup(i => i.Table);
        var foreignKeys = connection.Query<(string Table, string Name, string Column, string RefTable, string RefColumn)>(
            """
            SELECT table_name, constraint_name, column_name, referenced_table_name, referenced_column_name
            FROM information_schema.key_column_usage
            WHERE table_schema = @db AND referenced_table_name IS NOT NULL
            ORDER BY table_name, constraint_name, ordinal_position
            """, p).ToLookup(k => k.Table);
        var parameters = connection.Query<(string Routine, string? Mode, string? Name, string Type)>(
            """
            SELECT specific_name, parameter_mode, parameter_name, dtd_identifier
            FROM information_schema.parameters WHERE specific_schema = @db AND ordinal_position > 0
            ORDER BY specific_name, ordinal_position
            """, p).ToLookup(r => r.Routine);
        var routines = connection.Query<(string Name, string Kind)>(
            "SELECT routine_name, routine_type FROM information_schema.routines WHERE routine_schema = @db ORDER BY routine_name", p)
            .OrderBy(r => r.Name, StringComparer.Ordinal)
            .Select(r => new RoutineShape(r.Name, r.Kind.ToLowerInvariant(),
                string.Join(", ", parameters[r.Name].Select(a => $"{a.Mode} {a.Name} {a.Type}".Trim()))))
            .ToList();

        return new DatabaseShape(
            tables.OrderBy(t => t.Name, StringComparer.Ordinal).Select(t => new TableShape(
                t.Name, t.Type == "VIEW", t.Comment ?? "",
                columns[t.Name].Select(c => new ColumnShape(c.Name, c.Type, c.Nullable == "YES", DefaultOf(c.Default), c.Extra ?? "")).ToList(),
                indexes[t.Name].GroupBy(i => i.Index)
                    .OrderBy(g => g.Key == "PRIMARY" ? 0 : 1).ThenBy(g => g.Key, StringComparer.Ordinal)
                    .Select(g => new IndexShape(g.Key, g.First().NonUnique == 0, g.Select(i => i.Column).ToList())).ToList(),
                foreignKeys[t.Name].GroupBy(k => k.Name).OrderBy(g => g.Key, StringComparer.Ordinal)
                    .Select(g => new ForeignKeyShape(g.Key, g.Select(k => k.Column).ToList(), g.First().RefTable, g.Select(k => k.RefColumn).ToList())).ToList()))
                .ToList(),
            routines);
    }

    // MariaDB reports a column without a default, or defaulting to NULL, as the text NULL.
    static string? DefaultOf(string? value) => value is null or "NULL" ? null : value;
}
