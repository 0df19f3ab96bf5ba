namespace BrightFunnel.Warehouse.Tests.Impala;

/// <summary>The statements Impala refuses that DuckDB would run, shared by the unit and the HS2 tests.</summary>
static class ImpalaDialectCases
{
    static object[] Case(string sql, string message) => [sql, message];

    static string Syntax(string line, int column, string encountered) =>
        $"Syntax error in line 1:\n{line}\n{new string(' ', column)}^\nEncountered: {encountered}\n";

    public static IEnumerable<object[]> Refused =>
    [
        Case("select 1 as position", Syntax("select 1 as position", 12, "A reserved word cannot be used as an identifier: position") + "Expected: IDENTIFIER"),
        Case("select t.position from t", Syntax("select t.position from t", 9, "A reserved word cannot be used as an identifier: position")),
        Case("select 1 as date", Syntax("select 1 as date", 12, "DATE") + "Expected: IDENTIFIER"),
        Case("select t.location from t", Syntax("select t.location from t", 9, "LOCATION")),
        Case("select comment.a from t comment", Syntax("select comment.a from t comment", 7, "COMMENT")),
        Case("select * from order", Syntax("select * from order", 14, "ORDER")),
        Case("create table t (id int, location string)", Syntax("create table t (id int, location string)", 24, "LOCATION")),
        Case("select 1::int", Syntax("select 1::int", 8, ":")),
        Case("select a from t qualify row_number() over (order by a) = 1", Syntax("select a from t qualify row_number() over (order by a) = 1", 16, "IDENTIFIER")),
        Case("select * exclude (a) from t", Syntax("select * exclude (a) from t", 9, "IDENTIFIER")),
        Case("select * replace (1 as a) from t", Syntax("select * replace (1 as a) from t", 9, "REPLACE")),
        Case("from t select a", Syntax("from t select a", 0, "FROM") + "Expected: ALTER, COMMENT, COMPUTE"),
        Case("summarize t", Syntax("summarize t", 0, "IDENTIFIER")),
        Case("select list_transform([1, 2], x -> x + 1)", Syntax("select list_transform([1, 2], x -> x + 1)", 22, "[")),
        Case("select a from t where x -> 1", Syntax("select a from t where x -> 1", 25, ">")),
        Case("select 7 // 2", Syntax("select 7 // 2", 10, "/")),
        Case("select 1 == 1", Syntax("select 1 == 1", 10, "=")),
        Case("select distinct on (a) a from t", Syntax("select distinct on (a) a from t", 16, "ON")),
        Case("select a, count(*) from t group by all", Syntax("select a, count(*) from t group by all", 35, "ALL")),
        Case("select {'a': 1}", Syntax("select {'a': 1}", 7, "Unexpected character")),
        Case("select strftime(now(), '%Y')", "default.strftime() unknown for database default. Currently this db has 0 functions."),
        Case("select date_diff('day', a, b) from t", "default.date_diff() unknown for database default."),
        Case("select epoch(now())", "default.epoch() unknown for database default."),
        Case("select list_aggregate(l, 'sum') from t", "default.list_aggregate() unknown for database default."),
        Case("select regexp_matches(s, 'a') from t", "default.regexp_matches() unknown for database default."),
        Case("select list_value(1, 2)", "default.list_value() unknown for database default."),
        Case("select `strftime`(1)", "default.strftime() unknown for database default."),
        Case("select mydb.f(1)", "mydb.f() unknown for database mydb. Currently this db has 0 functions."),
        Case("select abs(1, 2)", "No matching function with signature: abs(TINYINT, TINYINT)."),
        Case("select lag() over (order by a) from t", "No matching function with signature: lag()."),
        Case("select distinctfrom(1, 2)", "No matching function with signature: distinctfrom(TINYINT, TINYINT)."),
        Case("select add(1, 2)", Syntax("select add(1, 2)", 7, "ADD") + "Expected: ALL, CASE, CAST, DATE, DISTINCT, EXISTS, FALSE, GROUPING, IF, INTERVAL, LEFT, NOT, NULL, REPLACE, RIGHT, STRAIGHT_JOIN, TRUNCATE, TRUE, UNNEST, IDENTIFIER"), // add is an operator builtin's name: not reserved, so no hint
        Case("select a from t where location = 'x'", Syntax("select a from t where location = 'x'", 22, "LOCATION") + "Expected: CASE, CAST, DATE, EXISTS, FALSE, GROUPING, IF, INTERVAL, LEFT, NOT, NULL, REPLACE, RIGHT, STRAIGHT_JOIN, TRUNCATE, TRUE, UNNEST, IDENTIFIER"),
        Case("select a, data from t", Syntax("select a, data from t", 10, "DATA")),
        Case("select sum(*) from t", "'*' can only be used in conjunction with COUNT"),
        Case("select row_number() from t", "Analytic function requires an OVER clause: row_number()"),
        Case("select 'a' || 'b'", "Operand ''a'' part of predicate ''a' OR 'b'' should return type 'BOOLEAN' but returns type 'STRING'. (|| is OR before Impala 4.0: use concat() for strings)"),
        Case("select 'a' || 1", "Operand ''a'' part of predicate ''a' OR 1' should return type 'BOOLEAN' but returns type 'STRING'. (|| is OR before Impala 4.0: use concat() for strings)"),
        Case("select a from t where s = 'x' || 'y'", "Operand ''y'' part of predicate 's = 'x' OR 'y'' should return type 'BOOLEAN' but returns type 'STRING'. (|| is OR before Impala 4.0: use concat() for strings)"),
        Case("select 'a' or 'b'", "Operand ''a'' part of predicate ''a' OR 'b'' should return type 'BOOLEAN' but returns type 'STRING'."),
        Case("select 1 and true", "Operand '1' part of predicate '1 AND TRUE' should return type 'BOOLEAN' but returns type 'TINYINT'."),
        Case("select '1' = 1", "operands of type STRING and TINYINT are not comparable: '1' = 1"),
        Case("select a from t where 1000 <> 'x'", "operands of type SMALLINT and STRING are not comparable: 1000 != 'x'"),
    ];
}
