"""Scale-out: coding on a Dask cluster (`engine.ingest_dask`), inputs split into partitions
(`partitions`), coded records staged as Parquet files (`stage`), loaded in bulk (`load`,
`store.bulk`), and coding to Parquet without a database (`to_parquet`)."""
