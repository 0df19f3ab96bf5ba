using BrightFunnel.Warehouse.Impala.Types;

namespace BrightFunnel.Warehouse.Impala.Staging;

/// <summary>A column of a staged table: its Impala name and type.</summary>
public sealed record StagedColumn(string Name, ImpalaType Type);

/// <summary>A table written to the staging store: where Impala finds it and what it holds.</summary>
public sealed record StagedTable(string Name, IReadOnlyList<StagedColumn> Columns, string Folder, string Location, long Rows, int Files);
