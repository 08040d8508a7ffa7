-- callscope PostgreSQL store, schema version 2: the estimate of a
-- percentile from a histogram, for the dashboard's queries.
--
-- A histogram comes sparse, as the buckets that count something
-- (0-based, as cqd.Layout numbers them, in increasing order) and their
-- counts; lower and upper are every bucket's bounds (cqd.Layout.Bounds).
-- The functions follow cqd.Layout.Estimate step by step, in the same
-- double precision arithmetic, so that a percentile is the same whether
-- the store or Go computes it. Buckets that count nothing change
-- nothing, so the sparse walk is the dense one's.

-- The value of rank k (0-based) among the values counted, the values
-- of a bucket read as spread evenly across it.
CREATE FUNCTION hist_value(buckets integer[], counts bigint[], lower double precision[], upper double precision[], k bigint)
RETURNS double precision LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
    below bigint := 0;
    b integer;
BEGIN
    FOR i IN 1 .. coalesce(array_length(counts, 1), 0) LOOP
        IF below + counts[i] > k THEN
            b := buckets[i] + 1;
            RETURN lower[b] + (upper[b] - lower[b]) * (CAST(k - below AS double precision) + 0.5) / CAST(counts[i] AS double precision);
        END IF;
        below := below + counts[i];
    END LOOP;
    RETURN lower[array_length(lower, 1)];
END
$$;

-- The q-quantile of the values counted, interpolated between the values
-- of the ranks either side of q·(n−1); NULL when nothing is counted.
CREATE FUNCTION hist_quantile(buckets integer[], counts bigint[], lower double precision[], upper double precision[], q double precision)
RETURNS double precision LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
    n bigint := 0;
    rank double precision;
    k bigint;
    lo double precision;
    hi double precision;
BEGIN
    FOR i IN 1 .. coalesce(array_length(counts, 1), 0) LOOP
        n := n + counts[i];
    END LOOP;
    IF n <= 0 THEN
        RETURN NULL;
    END IF;
    rank := q * CAST(n - 1 AS double precision);
    k := CAST(floor(rank) AS bigint);
    lo := hist_value(buckets, counts, lower, upper, k);
    hi := hist_value(buckets, counts, lower, upper, least(k + 1, n - 1));
    RETURN lo + (rank - CAST(k AS double precision)) * (hi - lo);
END
$$;
