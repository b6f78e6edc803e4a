using System;
using System.Collections.Generic;
using System.Globalization;

namespace RnnGen.Samples.Forecast;

/// <summary>
/// Reads monthly CO2 readings from a CSV file with a header naming a <c>Date</c> column (<c>YYYY-MM-DD</c>, one row
/// per month, in order) and a <c>CO2</c> column (ppm); other columns are ignored. Months the file skips are filled
/// by linear interpolation between their neighbours, as long as a gap is at most <see cref="LongestFillableGap"/> months.
/// </summary>
public static class Co2Csv
{
    /// <summary>
    /// The longest run of missing months that is filled in. A straight line across a longer gap would erase whole
    /// seasonal cycles, and the network would learn from invented data.
    /// </summary>
    public const int LongestFillableGap = 6;

    private const string DateColumn = "Date";
    private const string ValueColumn = "CO2";

    /// <summary>Reads the file at <paramref name="path"/>.</summary>
    /// <exception cref="DataFileException">The file is missing, unreadable or malformed; the message names the file, the line and the problem.</exception>
    public static MonthlySeries Read(string path)
    {
        string text = DataFile.ReadText(path, "the CO2 file");
        return Parse(text.Split('\n'), path);
    }

    /// <summary>Parses the lines of a file; <paramref name="path"/> names it in messages.</summary>
    /// <exception cref="DataFileException">The lines are not monthly CO2 readings.</exception>
    public static MonthlySeries Parse(IReadOnlyList<string> lines, string path)
    {
        if (lines.Count == 0 || string.IsNullOrWhiteSpace(lines[0]))
        {
            throw new DataFileException($"{path}: the file is empty; expected a header line naming the columns {DateColumn} and {ValueColumn}.");
        }

        string[] header = lines[0].Split(',');
        int dateColumn = ColumnIndex(header, DateColumn);
        int valueColumn = ColumnIndex(header, ValueColumn);
        if (dateColumn < 0 || valueColumn < 0)
        {
            throw new DataFileException($"{path}, line 1: expected a header naming the columns {DateColumn} and {ValueColumn}, found \"{lines[0]}\".");
        }

        var values = new List<double>();
        DateOnly firstMonth = default;
        DateOnly previousMonth = default;
        int filled = 0;
        for (int i = 1; i < lines.Count; i++)
        {
            int lineNumber = i + 1;
            if (string.IsNullOrWhiteSpace(lines[i]))
            {
                continue;
            }

            string[] fields = lines[i].Split(',');
            if (fields.Length != header.Length)
            {
                throw new DataFileException($"{path}, line {lineNumber}: expected {header.Length} comma-separated fields as in the header, found {fields.Length}.");
            }

            DateOnly month = ParseMonth(fields[dateColumn].Trim(), path, lineNumber);
            double value = ParseValue(fields[valueColumn].Trim(), path, lineNumber);
            if (values.Count == 0)
            {
                firstMonth = month;
                values.Add(value);
                previousMonth = month;
                continue;
            }

            int step = MonthsBetween(previousMonth, month);
            if (step < 1)
            {
                throw new DataFileException($"{path}, line {lineNumber}: {month:yyyy-MM} does not come after the previous row's {previousMonth:yyyy-MM}; rows must be in order, one per month.");
            }

            int missing = step - 1;
            if (missing > LongestFillableGap)
            {
                throw new DataFileException($"{path}, line {lineNumber}: {missing} months are missing between {previousMonth:yyyy-MM} and {month:yyyy-MM}; at most {LongestFillableGap} in a row can be filled in.");
            }

            double before = values[^1];
            for (int k = 1; k <= missing; k++)
            {
                values.Add(before + ((value - before) * k / step));
            }

            filled += missing;
            values.Add(value);
            previousMonth = month;
        }

        if (values.Count == 0)
        {
            throw new DataFileException($"{path}: the file has a header but no readings.");
        }

        return new MonthlySeries(firstMonth, values.ToArray(), filled);
    }

    private static int ColumnIndex(string[] header, string name)
    {
        for (int i = 0; i < header.Length; i++)
        {
            if (string.Equals(header[i].Trim(), name, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }

    private static DateOnly ParseMonth(string text, string path, int lineNumber)
    {
        if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateOnly date))
        {
            throw new DataFileException($"{path}, line {lineNumber}: the date \"{text}\" is not a date in the form YYYY-MM-DD.");
        }

        return new DateOnly(date.Year, date.Month, 1);
    }

    private static double ParseValue(string text, string path, int lineNumber)
    {
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value) || value <= 0)
        {
            throw new DataFileException($"{path}, line {lineNumber}: the {ValueColumn} value \"{text}\" is not a positive number of ppm.");
        }

        return value;
    }

    private static int MonthsBetween(DateOnly from, DateOnly to) => ((to.Year - from.Year) * 12) + (to.Month - from.Month);
}
