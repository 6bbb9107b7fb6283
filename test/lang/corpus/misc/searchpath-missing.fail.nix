<nonexistent-tk-corpus-path>
