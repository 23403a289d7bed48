using System.Globalization;

namespace PhdResolver.Rdf.Xsd;

/// <summary>
/// An xsd:dateTime as written (components are not normalised, so YEAR() etc. see the written
/// values) plus an instant for comparison. Own parser because System.DateTime cannot hold
/// years outside 1..9999 or hour 24, both valid XSD.
/// </summary>
public readonly struct XsdDateTime
{
    public readonly long Year;
    public readonly int Month, Day, Hour, Minute;
    public readonly decimal Second;
    /// <summary>Timezone offset in minutes, or null when the value has no timezone.</summary>
    public readonly int? TimezoneMinutes;
    /// <summary>The original timezone text ("Z", "-08:00" or "").</summary>
    public readonly string TimezoneText;

    private XsdDateTime(long year, int month, int day, int hour, int minute, decimal second, int? tz, string tzText)
    {
        Year = year; Month = month; Day = day; Hour = hour; Minute = minute; Second = second;
        TimezoneMinutes = tz; TimezoneText = tzText;
    }

    /// <summary>Seconds since 0001-01-01T00:00:00 of the value read as UTC (local time for values without timezone).</summary>
    public decimal Instant
    {
        get
        {
            long days = DaysFromCivil(Astronomical(Year), Month, Day);
            return days * 86400m + Hour * 3600 + Minute * 60 + Second - (TimezoneMinutes ?? 0) * 60;
        }
    }

    /// <summary>Days since 1970-01-01 in the proleptic Gregorian calendar (H. Hinnant's algorithm, any year).</summary>
    private static long DaysFromCivil(long y, int m, int d)
    {
        y -= m <= 2 ? 1 : 0;
        long era = (y >= 0 ? y : y - 399) / 400;
        long yoe = y - era * 400;
        long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
        long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146097 + doe - 719468;
    }

    /// <summary>XSD order: values with and without timezone are comparable only if 14 hours apart (else null: indeterminate).</summary>
    public static int? Compare(in XsdDateTime a, in XsdDateTime b)
    {
        decimal x = a.Instant, y = b.Instant;
        if (a.TimezoneMinutes.HasValue == b.TimezoneMinutes.HasValue) return x.CompareTo(y);
        // The one without timezone may be anywhere in [-14:00, +14:00].
        const decimal Window = 14 * 3600;
        if (!a.TimezoneMinutes.HasValue)
        {
            if (x + Window < y) return -1;
            if (x - Window > y) return 1;
            return null;
        }
        if (x < y - Window) return -1;
        if (x > y + Window) return 1;
        return null;
    }

    /// <summary>An xsd:date (yyyy-mm-dd with optional timezone) as the dateTime of its midnight.</summary>
    public static bool TryParseDate(string s, out XsdDateTime value)
    {
        value = default;
        int t = s.Length;
        // The timezone starts at 'Z' or at a sign after the day (the year may carry a leading '-').
        for (int k = 1; k < s.Length; k++)
        {
            if (s[k] == 'Z' || ((s[k] == '+' || s[k] == '-') && CountDashes(s, k) >= 2)) { t = k; break; }
        }
        return TryParse(string.Concat(s.AsSpan(0, t), "T00:00:00", s.AsSpan(t)), out value);
    }

    private static int CountDashes(string s, int end)
    {
        int n = 0;
        for (int k = 1; k < end; k++) if (s[k] == '-') n++;
        return n;
    }

    /// <summary>An xsd:time (hh:mm:ss with optional fraction and timezone) as that time on one fixed day, so that times
    /// compare by <see cref="Compare"/> (XSD orders times as if on one reference date).</summary>
    public static bool TryParseTime(string s, out XsdDateTime value) => TryParse("1972-12-31T" + s, out value);

    public static bool TryParse(string s, out XsdDateTime value)
    {
        value = default;
        int i = 0;
        bool negative = s.Length > 0 && s[0] == '-';
        if (negative) i++;
        int ys = i;
        while (i < s.Length && char.IsAsciiDigit(s[i])) i++;
        int yLen = i - ys;
        if (yLen < 4 || yLen > 18 || (yLen > 4 && s[ys] == '0')) return false;
        long year = long.Parse(s.AsSpan(ys, yLen), NumberStyles.None, CultureInfo.InvariantCulture);
        if (year == 0) return false; // XSD 1.0: no year zero
        if (negative) year = -year;
        if (!Two(s, ref i, '-', out int month) || !Two(s, ref i, '-', out int day) || !Two(s, ref i, 'T', out int hour)
            || !Two(s, ref i, ':', out int minute) || !Two(s, ref i, ':', out int sec))
            return false;
        decimal second = sec;
        if (i < s.Length && s[i] == '.')
        {
            int fs = ++i;
            while (i < s.Length && char.IsAsciiDigit(s[i])) i++;
            if (i == fs) return false;
            var frac = s.AsSpan(fs, Math.Min(i - fs, 27));
            second += decimal.Parse(frac, NumberStyles.None, CultureInfo.InvariantCulture) / Pow10(frac.Length);
        }
        string tzText = s[i..];
        int? tz = null;
        if (tzText.Length == 0) { }
        else if (tzText == "Z") tz = 0;
        else if (tzText.Length == 6 && (tzText[0] == '+' || tzText[0] == '-') && tzText[3] == ':'
            && int.TryParse(tzText.AsSpan(1, 2), NumberStyles.None, CultureInfo.InvariantCulture, out int th)
            && int.TryParse(tzText.AsSpan(4, 2), NumberStyles.None, CultureInfo.InvariantCulture, out int tm)
            && tm <= 59 && (th < 14 || (th == 14 && tm == 0)))
            tz = (tzText[0] == '-' ? -1 : 1) * (th * 60 + tm);
        else return false;

        if (month is < 1 or > 12 || day < 1 || day > DaysInMonth(Astronomical(year), month) || minute > 59 || sec > 59) return false;
        if (hour > 24 || (hour == 24 && (minute != 0 || second != 0))) return false;
        // Components as written: YEAR() of a negative year is negative.
        value = new XsdDateTime(year, month, day, hour, minute, second, tz, tzText);
        return true;
    }

    /// <summary>The year in the proleptic astronomical calendar (1 BCE = year 0), for day arithmetic.</summary>
    private static long Astronomical(long year) => year < 0 ? year + 1 : year;

    private static int DaysInMonth(long astronomicalYear, int month) => month switch
    {
        2 => IsLeap(astronomicalYear) ? 29 : 28,
        4 or 6 or 9 or 11 => 30,
        _ => 31,
    };

    private static bool IsLeap(long y) => (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

    private static decimal Pow10(int n)
    {
        decimal p = 1;
        for (int k = 0; k < n; k++) p *= 10;
        return p;
    }

    /// <summary>Reads <paramref name="sep"/> followed by exactly two digits.</summary>
    private static bool Two(string s, ref int i, char sep, out int v)
    {
        v = 0;
        if (i >= s.Length || s[i] != sep) return false;
        i++;
        if (i + 2 > s.Length || !char.IsAsciiDigit(s[i]) || !char.IsAsciiDigit(s[i + 1])) return false;
        v = (s[i] - '0') * 10 + (s[i + 1] - '0');
        i += 2;
        return true;
    }
}
