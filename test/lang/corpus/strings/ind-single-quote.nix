''it's 'quoted' ''
