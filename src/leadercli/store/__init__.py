"""What leadercli keeps on disk: the compiled pack cache (`compiled`, on the generic lazy blob file of
`blobs`) and atomic writes of files and whole packs (`files`). Nothing here imports Typer or Rich."""
