using BrightFunnel.Warehouse.Impala.Types;

namespace BrightFunnel.Warehouse.Impala.Engine.Sql;

/// <summary>A table named in a statement; <see cref="Database"/> is null when the session's current one applies.</summary>
public sealed record TableName(string? Database, string Table)
{
    public TableName Resolve(string currentDatabase) => new((Database ?? currentDatabase).ToLowerInvariant(), Table.ToLowerInvariant());

    public override string ToString() => Database is null ? Table : $"{Database}.{Table}";
}

public sealed record ColumnDefinition(string Name, ImpalaType Type, string? Comment = null);

/// <summary>One Impala statement, classified. Anything not listed is a <see cref="QueryStatement"/>.</summary>
public abstract record ImpalaStatement
{
    /// <summary>True when the statement answers with rows (HS2 <c>hasResultSet</c>).</summary>
    public abstract bool HasResultSet { get; }
}

/// <summary>A statement for DuckDB as is, after translation (SELECT, WITH, INSERT, CREATE VIEW, …).</summary>
public sealed record QueryStatement(string DuckDbSql, bool ReturnsRows) : ImpalaStatement
{
    public override bool HasResultSet => ReturnsRows;
}

/// <summary><c>CREATE [EXTERNAL] TABLE … (cols) [PARTITIONED BY (cols)] STORED AS PARQUET LOCATION '…'</c>.</summary>
public sealed record CreateExternalTableStatement(TableName Name, IReadOnlyList<ColumnDefinition> Columns, string Location, bool IfNotExists,
    IReadOnlyList<ColumnDefinition>? PartitionColumns = null) : ImpalaStatement
{
    public override bool HasResultSet => true;
}

/// <summary>A partition named by the value of each partition column (<c>PARTITION (day='2026-12-01')</c>), values as written.</summary>
public sealed record PartitionSpec(IReadOnlyList<(string Column, string Value)> Values)
{
    public override string ToString() => string.Join("/", Values.Select(v => $"{v.Column}={v.Value}"));
}

/// <summary><c>ALTER TABLE t ADD [IF NOT EXISTS] PARTITION (…) [LOCATION '…'] [PARTITION (…) …]</c>.</summary>
public sealed record AddPartitionsStatement(TableName Name, IReadOnlyList<(PartitionSpec Spec, string? Location)> Partitions, bool IfNotExists) : ImpalaStatement
{
    public override bool HasResultSet => true;
}

/// <summary><c>ALTER TABLE t DROP [IF EXISTS] PARTITION (…) [PURGE]</c>: metadata only, an external table's files stay.</summary>
public sealed record DropPartitionStatement(TableName Name, PartitionSpec Spec, bool IfExists) : ImpalaStatement
{
    public override bool HasResultSet => true;
}

/// <summary><c>SHOW PARTITIONS t</c>.</summary>
public sealed record ShowPartitionsStatement(TableName Name) : ImpalaStatement
{
    public override bool HasResultSet => true;
}

/// <summary><c>CREATE TABLE t (cols) [STORED AS …]</c> or <c>CREATE TABLE t [STORED AS …] AS SELECT …</c>: a table inside the engine.</summary>
public sealed record CreateManagedTableStatement(TableName Name, IReadOnlyList<ColumnDefinition> Columns, string? AsSelectDuckDbSql, bool IfNotExists) : ImpalaStatement
{
    public override bool HasResultSet => true;
}

public sealed record DropTableStatement(TableName Name, bool IfExists) : ImpalaStatement
{
    public override bool HasResultSet => true;
}

public sealed record CreateDatabaseStatement(string Name, bool IfNotExists) : ImpalaStatement
{
    public override bool HasResultSet => true;
}

public sealed record DropDatabaseStatement(string Name, bool IfExists, bool Cascade) : ImpalaStatement
{
    public override bool HasResultSet => true;
}

/// <summary><c>REFRESH t [PARTITION (…)]</c>: the table's (or one partition's) files listed again.</summary>
public sealed record RefreshStatement(TableName Name, PartitionSpec? Partition = null) : ImpalaStatement
{
    public override bool HasResultSet => false;
}

public sealed record InvalidateMetadataStatement(TableName? Name) : ImpalaStatement
{
    public override bool HasResultSet => false;
}

public sealed record ComputeStatsStatement(TableName Name) : ImpalaStatement
{
    public override bool HasResultSet => true;
}

public sealed record UseStatement(string Database) : ImpalaStatement
{
    public override bool HasResultSet => false;
}

/// <summary><c>SET</c> (list the options) or <c>SET key=value</c> (a session query option).</summary>
public sealed record SetStatement(string? Key, string? Value) : ImpalaStatement
{
    public override bool HasResultSet => Key is null;
}

public sealed record ShowDatabasesStatement : ImpalaStatement
{
    public override bool HasResultSet => true;
}

/// <summary><c>SHOW TABLES [IN db] [[LIKE] 'pattern']</c>: tables and views.</summary>
public sealed record ShowTablesStatement(string? Database, string? Pattern = null) : ImpalaStatement
{
    public override bool HasResultSet => true;
}

/// <summary><c>DESCRIBE [FORMATTED|EXTENDED] t</c>; the formatted form adds Impala's detailed table information.</summary>
public sealed record DescribeStatement(TableName Name, bool Formatted = false) : ImpalaStatement
{
    public override bool HasResultSet => true;
}

/// <summary>A view's query: the Impala text (what DESCRIBE FORMATTED shows) and its DuckDB translation.</summary>
public sealed record ViewQuery(string ImpalaSql, string DuckDbSql);

/// <summary><c>CREATE VIEW [IF NOT EXISTS] v [(col [COMMENT '…'], …)] AS select</c>.</summary>
public sealed record CreateViewStatement(TableName Name, IReadOnlyList<ViewColumn> Columns, ViewQuery Query, bool IfNotExists) : ImpalaStatement
{
    public override bool HasResultSet => true;
}

/// <summary><c>ALTER VIEW v [(col …)] AS select</c>: the definition replaced in one step.</summary>
public sealed record AlterViewStatement(TableName Name, IReadOnlyList<ViewColumn> Columns, ViewQuery Query) : ImpalaStatement
{
    public override bool HasResultSet => true;
}

public sealed record DropViewStatement(TableName Name, bool IfExists) : ImpalaStatement
{
    public override bool HasResultSet => true;
}

/// <summary>A column of a view's column list: its name and optional comment (the type comes from the query).</summary>
public sealed record ViewColumn(string Name, string? Comment);
