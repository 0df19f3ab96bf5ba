using System.Text;
using BrightFunnel.Warehouse.Impala.Types;

namespace BrightFunnel.Warehouse.Impala.Engine.Sql;

/// <summary>
/// Reads one Impala statement: the DDL and utility statements the offload sends are parsed into
/// their own records; everything else becomes a translated <see cref="QueryStatement"/>.
/// </summary>
public static class ImpalaStatementParser
{
    static readonly string[] RowKeywords = ["SELECT", "WITH", "VALUES", "EXPLAIN", "FROM", "TABLE", "SHOW", "DESCRIBE", "SUMMARIZE"];

    public static ImpalaStatement Parse(string sql)
    {
        var tokens = WithoutTerminator(SqlTokenizer.Tokenize(sql));
        var c = new TokenCursor(tokens);
        if (c.AtEnd) throw new SqlSyntaxException("empty statement");
        var first = c.Current;
        if (c.Accept("CREATE")) return Create(c) ?? Query(tokens, first);
        if (c.Accept("DROP")) return Drop(c) ?? Query(tokens, first);
        if (c.Accept("REFRESH"))
        {
            if (c.Accept("FUNCTIONS")) return new InvalidateMetadataStatement(null);
            var refreshed = c.TableName();
            return End(c, new RefreshStatement(refreshed, c.Accept("PARTITION") ? Partition(c) : null));
        }
        if (c.Accept("INVALIDATE", "METADATA")) return End(c, new InvalidateMetadataStatement(c.AtEnd ? null : c.TableName()));
        if (c.Accept("COMPUTE"))
        {
            c.Accept("INCREMENTAL");
            c.Expect("STATS");
            return End(c, new ComputeStatsStatement(c.TableName()), allowRest: true); // column lists, TABLESAMPLE
        }
        if (c.Accept("USE")) return End(c, new UseStatement(c.Name()));
        if (c.Accept("SET")) return Set(c);
        if (c.Accept("SHOW", "PARTITIONS")) return End(c, new ShowPartitionsStatement(c.TableName()));
        if (c.Accept("SHOW", "DATABASES") || c.Accept("SHOW", "SCHEMAS")) return End(c, new ShowDatabasesStatement(), allowRest: true);
        if (c.Accept("SHOW", "TABLES"))
        {
            var database = c.Accept("IN") || c.Accept("FROM") ? c.Name() : null;
            c.Accept("LIKE");
            return End(c, new ShowTablesStatement(database, c.AtEnd ? null : c.StringLiteral()));
        }
        if (c.Accept("DESCRIBE") || c.Accept("DESC"))
        {
            var formatted = c.Accept("FORMATTED") || c.Accept("EXTENDED");
            return End(c, new DescribeStatement(c.TableName(), formatted));
        }
        if (c.Accept("ALTER", "TABLE")) return AlterTable(c);
        if (c.Accept("ALTER", "VIEW"))
        {
            var name = c.TableName();
            var columns = c.PeekSymbol("(") ? ViewColumns(c) : [];
            if (!c.Peek("AS")) throw new SqlSyntaxException("only ALTER VIEW … AS SELECT is supported by the local engine");
            return new AlterViewStatement(name, columns, ViewQueryAfterAs(c));
        }
        return Query(tokens, first);
    }

    static QueryStatement Query(IReadOnlyList<SqlToken> tokens, SqlToken first) =>
        new(ImpalaSqlTranslator.Translate(tokens), first.IsSymbol("(") || RowKeywords.Any(first.Is));

    static ImpalaStatement? Create(TokenCursor c)
    {
        if (c.Accept("DATABASE") || c.Accept("SCHEMA"))
        {
            var ifNotExists = c.Accept("IF", "NOT", "EXISTS");
            return End(c, new CreateDatabaseStatement(c.Name(), ifNotExists), allowRest: true); // COMMENT, LOCATION
        }
        if (c.Accept("VIEW"))
        {
            var ifNotExists = c.Accept("IF", "NOT", "EXISTS");
            var view = c.TableName();
            var viewColumns = c.PeekSymbol("(") ? ViewColumns(c) : [];
            if (c.Accept("COMMENT")) c.StringLiteral();
            if (c.Peek("AS")) return new CreateViewStatement(view, viewColumns, ViewQueryAfterAs(c), ifNotExists);
            throw new SqlSyntaxException($"expected AS but found '{(c.AtEnd ? "end of statement" : c.Current.Text)}'");
        }
        var external = c.Accept("EXTERNAL");
        if (!c.Accept("TABLE")) return external ? throw new SqlSyntaxException("expected TABLE after CREATE EXTERNAL") : null;
        var ifNot = c.Accept("IF", "NOT", "EXISTS");
        var name = c.TableName();
        if (c.Peek("LIKE")) throw new SqlSyntaxException("CREATE TABLE … LIKE is not supported by the local engine; list the columns");
        var columns = c.PeekSymbol("(") ? Columns(c) : [];
        string? location = null, format = null, asSelect = null;
        List<ColumnDefinition>? partitionColumns = null;
        while (!c.AtEnd)
        {
            if (c.Accept("PARTITIONED", "BY"))
            {
                if (!c.PeekSymbol("(")) throw new SqlSyntaxException("expected the partition columns in parentheses after PARTITIONED BY");
                partitionColumns = Columns(c);
            }
            else if (c.Accept("ROW", "FORMAT")) throw new SqlSyntaxException("ROW FORMAT (text tables) is not supported by the local engine; use STORED AS PARQUET");
            else if (c.Accept("COMMENT")) c.StringLiteral();
            else if (c.Accept("STORED", "AS")) format = c.Name().ToUpperInvariant();
            else if (c.Accept("LOCATION")) location = c.StringLiteral();
            else if (c.Accept("TBLPROPERTIES") || c.Accept("WITH", "SERDEPROPERTIES") || c.Accept("SORT", "BY")) c.SkipGroup();
            else if (c.Accept("CACHED", "IN")) { c.StringLiteral(); if (c.Accept("WITH", "REPLICATION")) { c.ExpectSymbol("="); c.Next(); } }
            else if (c.Accept("UNCACHED")) { }
            else if (c.Peek("AS"))
            {
                var start = c.Position + 1;
                asSelect = ImpalaSqlTranslator.Translate(c.Tokens.Skip(start).ToList()).Trim();
                break;
            }
            else throw new SqlSyntaxException($"unexpected '{c.Current.Text}' in CREATE TABLE");
        }
        if (external || location is not null)
        {
            if (location is null) throw new SqlSyntaxException("an external table needs a LOCATION");
            if (format is not "PARQUET") throw new SqlSyntaxException($"only STORED AS PARQUET external tables are supported by the local engine (got {format ?? "TEXTFILE"})");
            if (columns.Count == 0) throw new SqlSyntaxException("an external table needs its column list");
            if (asSelect is not null) throw new SqlSyntaxException("CREATE EXTERNAL TABLE … AS SELECT is not supported");
            if (partitionColumns?.FirstOrDefault(p => columns.Any(col => col.Name == p.Name)) is { } twice)
                throw new SqlSyntaxException($"Duplicate column name: {twice.Name}");
            return new CreateExternalTableStatement(name, columns, location, ifNot, partitionColumns);
        }
        if (partitionColumns is not null) throw new SqlSyntaxException("partitioned tables are supported by the local engine only as EXTERNAL … STORED AS PARQUET LOCATION '…'");
        if (columns.Count == 0 && asSelect is null) throw new SqlSyntaxException("CREATE TABLE needs columns or AS SELECT");
        return new CreateManagedTableStatement(name, columns, asSelect, ifNot);
    }

    /// <summary>ALTER TABLE … ADD / DROP PARTITION: the partition DDL the event lake sends; other ALTER TABLE forms are refused.</summary>
    static ImpalaStatement AlterTable(TokenCursor c)
    {
        var name = c.TableName();
        if (c.Accept("ADD"))
        {
            var ifNotExists = c.Accept("IF", "NOT", "EXISTS");
            var partitions = new List<(PartitionSpec, string?)>();
            while (c.Accept("PARTITION"))
            {
                var spec = Partition(c);
                partitions.Add((spec, c.Accept("LOCATION") ? c.StringLiteral() : null));
            }
            if (partitions.Count == 0) throw new SqlSyntaxException("only ALTER TABLE … ADD PARTITION is supported by the local engine");
            return End(c, new AddPartitionsStatement(name, partitions, ifNotExists));
        }
        if (c.Accept("DROP"))
        {
            var ifExists = c.Accept("IF", "EXISTS");
            if (!c.Accept("PARTITION")) throw new SqlSyntaxException("only ALTER TABLE … DROP PARTITION is supported by the local engine");
            var spec = Partition(c);
            c.Accept("PURGE");
            return End(c, new DropPartitionStatement(name, spec, ifExists));
        }
        throw new SqlSyntaxException("only ALTER TABLE … ADD PARTITION and DROP PARTITION are supported by the local engine");
    }

    /// <summary>A partition spec after PARTITION: <c>(col=value, …)</c>, each value a string or number literal.</summary>
    static PartitionSpec Partition(TokenCursor c)
    {
        c.ExpectSymbol("(");
        var values = new List<(string, string)>();
        do
        {
            var column = c.Name().ToLowerInvariant();
            if (!c.AcceptSymbol("=")) throw new SqlSyntaxException($"partition column {column}: only col=value is supported by the local engine");
            var negative = c.AcceptSymbol("-");
            var value = c.Next();
            if (value.Kind is not (SqlTokenKind.String or SqlTokenKind.Number))
                throw new SqlSyntaxException($"partition column {column}: expected a literal but found '{value.Text}'");
            values.Add((column, (negative ? "-" : "") + value.Value));
        } while (c.AcceptSymbol(","));
        c.ExpectSymbol(")");
        return new PartitionSpec(values);
    }

    /// <summary>A view's column list: names with optional comments, no types.</summary>
    static List<ViewColumn> ViewColumns(TokenCursor c)
    {
        c.ExpectSymbol("(");
        var columns = new List<ViewColumn>();
        do
        {
            var name = c.Name().ToLowerInvariant();
            columns.Add(new ViewColumn(name, c.Accept("COMMENT") ? c.StringLiteral() : null));
        } while (c.AcceptSymbol(","));
        c.ExpectSymbol(")");
        return columns;
    }

    /// <summary>The query after <c>AS</c> (the cursor is on it), in Impala's text and translated.</summary>
    static ViewQuery ViewQueryAfterAs(TokenCursor c)
    {
        c.Expect("AS");
        if (c.AtEnd) throw new SqlSyntaxException("expected a query after AS");
        if (!(c.Peek("SELECT") || c.Peek("WITH") || c.Peek("VALUES") || c.PeekSymbol("(")))
            throw new SqlSyntaxException($"expected a query after AS but found '{c.Current.Text}'");
        var query = c.Tokens.Skip(c.Position).ToList();
        return new ViewQuery(string.Concat(query.Select(t => t.Text)).Trim(), ImpalaSqlTranslator.Translate(query).Trim());
    }

    static List<ColumnDefinition> Columns(TokenCursor c)
    {
        c.ExpectSymbol("(");
        var columns = new List<ColumnDefinition>();
        do
        {
            var name = c.Name();
            var type = TypeText(c);
            ImpalaType parsed;
            try { parsed = ImpalaType.Parse(type); }
            catch (FormatException e) { throw new SqlSyntaxException($"column {name}: {e.Message}"); }
            string? comment = null;
            while (!c.PeekSymbol(",") && !c.PeekSymbol(")"))
            {
                if (c.Accept("COMMENT")) comment = c.StringLiteral();
                else if (c.Accept("NOT", "NULL") || c.Accept("NULL") || c.Accept("PRIMARY", "KEY")) { }
                else throw new SqlSyntaxException($"unexpected '{c.Current.Text}' after column {name}");
            }
            columns.Add(new ColumnDefinition(name.ToLowerInvariant(), parsed, comment));
        } while (c.AcceptSymbol(","));
        c.ExpectSymbol(")");
        return columns;
    }

    /// <summary>A type's text: a name, with an optional (p[,s]) — complex types are refused by ImpalaType.</summary>
    static string TypeText(TokenCursor c)
    {
        var sb = new StringBuilder(c.Name());
        if (c.PeekSymbol("<")) throw new SqlSyntaxException("complex column types are not supported by the local engine");
        if (c.AcceptSymbol("("))
        {
            sb.Append('(');
            while (!c.AcceptSymbol(")")) sb.Append(c.Next().Text);
            sb.Append(')');
        }
        return sb.ToString();
    }

    static ImpalaStatement? Drop(TokenCursor c)
    {
        if (c.Accept("DATABASE") || c.Accept("SCHEMA"))
        {
            var ifExists = c.Accept("IF", "EXISTS");
            var name = c.Name();
            var cascade = c.Accept("CASCADE");
            if (!cascade) c.Accept("RESTRICT");
            return End(c, new DropDatabaseStatement(name, ifExists, cascade));
        }
        if (c.Accept("VIEW"))
        {
            var ifExists = c.Accept("IF", "EXISTS");
            return End(c, new DropViewStatement(c.TableName(), ifExists));
        }
        if (!c.Accept("TABLE")) return null;
        var ifEx = c.Accept("IF", "EXISTS");
        var table = c.TableName();
        c.Accept("PURGE");
        return End(c, new DropTableStatement(table, ifEx));
    }

    static SetStatement Set(TokenCursor c)
    {
        if (c.AtEnd || c.Accept("ALL")) return End(c, new SetStatement(null, null));
        var key = c.Name();
        c.ExpectSymbol("=");
        var value = new StringBuilder();
        while (!c.AtEnd)
        {
            var t = c.Next();
            value.Append(t.Kind == SqlTokenKind.String ? t.Value : t.Text);
        }
        return new SetStatement(key.ToUpperInvariant(), value.ToString());
    }

    static T End<T>(TokenCursor c, T statement, bool allowRest = false) where T : ImpalaStatement =>
        allowRest || c.AtEnd ? statement : throw new SqlSyntaxException($"unexpected '{c.Current.Text}'");

    /// <summary>Drops a trailing ';'. Impala runs one statement per request, so any other ';' is an error.</summary>
    static List<SqlToken> WithoutTerminator(List<SqlToken> tokens)
    {
        var end = tokens.Count;
        while (end > 0 && (tokens[end - 1].IsTrivia || tokens[end - 1].IsSymbol(";"))) end--;
        if (tokens.Take(end).Any(t => t.IsSymbol(";"))) throw new SqlSyntaxException("one statement at a time: remove the ';' between statements");
        return tokens.Take(end).ToList();
    }
}
