package dev.nonstop.sample.spring;

import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;

/** The notes of each user. */
public interface NoteRepository extends JpaRepository<Note, Long> {
    List<Note> findTop20ByOwnerOrderByCreatedAtDesc(String owner);

    long countByOwner(String owner);
}
